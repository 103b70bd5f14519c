"""The teaching demo: ``negosim demo`` serves a Solara page over ``DemoSession`` (one per browser session)."""
