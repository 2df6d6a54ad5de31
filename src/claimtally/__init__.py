"""claimtally: who claims how many. See `claimtally.extract` for the core call."""

from __future__ import annotations

__version__ = "0.1.0"

from claimtally.extract import InputTooLarge, extract  # noqa: E402
from claimtally.model import Document, Figure  # noqa: E402

__all__ = ["Document", "Figure", "InputTooLarge", "__version__", "extract"]
