"""lotcheck: check TISS billing lots against the contracted price table before the payer does."""

__version__ = "0.1.0"
