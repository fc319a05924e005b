"""Agreement of rftkit's standard-library language identifier with ``langdetect`` (what
IFEval's reference uses) on replies in the languages IFEval's prompts ask for.

``langdetect`` is a dev-only dependency (the ``dev`` extra): the grader never imports it.
The test measures agreement on a table of short replies and fails below 95%; every row the
two disagree on is printed.
"""

from __future__ import annotations

import pytest

from rftkit.rewards.ifeval.langid import detect

langdetect = pytest.importorskip("langdetect")

# (expected code, a short reply in that language)
REPLIES = [
    ("en", "The river carries water from the mountains to the sea. It has done so for ages."),
    ("en", "Here is my answer: I think that the plan will work if we start early."),
    ("es", "El río lleva el agua de las montañas hasta el mar. Es muy antiguo y hermoso."),
    ("es", "Creo que el plan funcionará si empezamos temprano por la mañana."),
    ("fr", "Le fleuve porte l'eau des montagnes jusqu'à la mer. Il est très ancien."),
    ("fr", "Je pense que le plan va marcher si nous commençons tôt dans la journée."),
    ("de", "Der Fluss trägt das Wasser von den Bergen bis zum Meer. Er ist sehr alt."),
    ("de", "Ich glaube, dass der Plan funktioniert, wenn wir früh anfangen."),
    ("it", "Il fiume porta l'acqua dalle montagne fino al mare. È molto antico."),
    ("it", "Penso che il piano funzionerà se cominciamo presto la mattina."),
    ("pt", "O rio leva a água das montanhas até o mar. Ele é muito antigo e bonito."),
    ("pt", "Acho que o plano vai funcionar se começarmos cedo pela manhã."),
    ("nl", "De rivier draagt het water van de bergen naar de zee. Het is heel oud."),
    ("pl", "Rzeka niesie wodę z gór do morza. Jest bardzo stara i piękna."),
    ("fi", "Joki kuljettaa vettä vuorilta mereen. Se on hyvin vanha ja kaunis."),
    ("sv", "Floden bär vattnet från bergen till havet. Den är mycket gammal och vacker."),
    ("tr", "Nehir suyu dağlardan denize taşır. Çok eski ve güzel bir nehir."),
    ("vi", "Con sông mang nước từ núi xuống biển. Nó đã có từ rất lâu đời."),
    ("sw", "Mto unabeba maji kutoka milimani hadi baharini. Ni mto wa zamani sana."),
    ("id", "Sungai itu membawa air dari gunung ke laut. Sungai itu sangat tua dan indah."),
    ("ru", "Река несёт воду с гор к морю. Она очень старая и красивая."),
    ("ru", "Я думаю, что план сработает, если мы начнём рано утром."),
    ("uk", "Річка несе воду з гір до моря. Вона дуже стара і гарна."),
    ("bg", "Реката носи водата от планините до морето. Тя е много стара и красива."),
    ("el", "Το ποτάμι μεταφέρει νερό από τα βουνά στη θάλασσα. Είναι πολύ παλιό."),
    ("he", "הנהר נושא מים מההרים אל הים. הוא עתיק מאוד ויפה."),
    ("ar", "يحمل النهر الماء من الجبال إلى البحر. إنه قديم جدا وجميل."),
    ("fa", "رودخانه آب را از کوه ها به دریا می برد. این رودخانه بسیار قدیمی و زیباست."),
    ("ur", "دریا پہاڑوں سے سمندر تک پانی لے جاتا ہے۔ یہ بہت پرانا اور خوبصورت ہے۔"),
    ("hi", "नदी पहाड़ों से समुद्र तक पानी ले जाती है। यह बहुत पुरानी और सुंदर है।"),
    ("mr", "नदी डोंगरांपासून समुद्रापर्यंत पाणी वाहून नेते. ही नदी खूप जुनी आणि सुंदर आहे."),
    ("ne", "नदीले पहाडबाट समुद्रसम्म पानी बोक्छ। यो धेरै पुरानो र सुन्दर छ।"),
    ("bn", "নদী পাহাড় থেকে সমুদ্রে জল বয়ে নিয়ে যায়। এটি খুব পুরনো এবং সুন্দর।"),
    ("pa", "ਦਰਿਆ ਪਹਾੜਾਂ ਤੋਂ ਸਮੁੰਦਰ ਤੱਕ ਪਾਣੀ ਲੈ ਜਾਂਦਾ ਹੈ। ਇਹ ਬਹੁਤ ਪੁਰਾਣਾ ਹੈ।"),
    ("gu", "નદી પર્વતોથી સમુદ્ર સુધી પાણી લઈ જાય છે. તે ખૂબ જૂની અને સુંદર છે."),
    ("ta", "நதி மலைகளிலிருந்து கடலுக்கு நீரைக் கொண்டு செல்கிறது. இது மிகவும் பழமையானது."),
    ("te", "నది పర్వతాల నుండి సముద్రానికి నీటిని తీసుకువెళుతుంది. ఇది చాలా పురాతనమైనది."),
    ("kn", "ನದಿ ಪರ್ವತಗಳಿಂದ ಸಮುದ್ರಕ್ಕೆ ನೀರನ್ನು ಒಯ್ಯುತ್ತದೆ. ಇದು ತುಂಬಾ ಹಳೆಯದು."),
    ("ml", "നദി മലകളിൽ നിന്ന് കടലിലേക്ക് വെള്ളം കൊണ്ടുപോകുന്നു. ഇത് വളരെ പഴയതാണ്."),
    ("th", "แม่น้ำพาน้ำจากภูเขาไปสู่ทะเล มันเก่าแก่และสวยงามมาก"),
    ("ko", "강은 산에서 바다로 물을 나릅니다. 그것은 매우 오래되고 아름답습니다."),
    ("ja", "川は山から海へ水を運びます。とても古くて美しい川です。"),
    ("zh-cn", "这条河把水从山上带到大海。它非常古老而且美丽。"),
]


def test_agreement_with_langdetect_is_at_least_95_percent() -> None:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0  # langdetect is randomised: make its answers repeatable
    disagreements = []
    for expected, text in REPLIES:
        theirs = langdetect.detect(text)
        ours = detect(text)
        if ours != theirs:
            disagreements.append((expected, ours, theirs, text[:40]))
    agreement = 1 - len(disagreements) / len(REPLIES)
    print(f"agreement {agreement:.1%} on {len(REPLIES)} replies; differ: {disagreements}")
    assert agreement >= 0.95, disagreements


@pytest.mark.parametrize(("expected", "text"), REPLIES)
def test_rftkit_identifies_each_reply(expected: str, text: str) -> None:
    assert detect(text) == expected
