"""newsvoices: news articles as pandas frames — who spoke, with what sentiment, and how
each speaker positioned Russia versus Ukraine.

Stages (one module each, one kind of frame each):
articles → segments (paragraphs, sentences) → quotes → speakers → sentiment →
positioning (stances) → positions.
"""

__version__ = "0.1.0"

__all__ = ["target_sentiment"]


def __getattr__(name: str):
    """``helpers.target_sentiment(texts, spans)``, imported on first use (it loads the lexicons)."""
    if name == "target_sentiment":
        from .mention_sentiment import target_sentiment
        return target_sentiment
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
