"""The Bedrock reward-Lambda contract, simulated locally: events, handler, runtime, reports."""
