from helpers.frames import COLUMNS, empty


def test_every_frame_has_article_id_or_source_path():
    for name, cols in COLUMNS.items():
        assert "article_id" in cols or "source_path" in cols, name
        assert list(empty(name).columns) == cols
