"""Where the tests find the repository and PolNeAR (`../shared/data/polnear`, or $QUOTES_POLNEAR)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = Path(os.environ.get("QUOTES_POLNEAR") or ROOT.parent / "shared" / "data" / "polnear")
DEV = POLNEAR / "dev"
GUM = Path(os.environ.get("QUOTES_GUM") or ROOT.parent / "shared" / "data" / "gum")
