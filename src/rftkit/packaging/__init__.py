"""Build Lambda bundles, deploy them, and run RFT jobs."""
