"""newsvoices: news articles as pandas frames — who spoke, with what sentiment, and how
each speaker positioned Russia versus Ukraine.

Stages (one module each, one kind of frame each):
articles → segments (paragraphs, sentences) → quotes → speakers → sentiment →
positioning (stances) → positions.
"""

__version__ = "0.1.0"
