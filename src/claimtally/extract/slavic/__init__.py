"""Russian and Ukrainian extraction (spec section 8): the same records as the English rules, read by
rules shared by both languages over per-language word lists (`extract/data/ru/`, `data/uk/`).

`pipeline.extract_figures(text, published, doc_id, lang)` is the entry; `extract.router` sends a text
(or each paragraph of a mixed one) here. Morphology (pymorphy3, the `ru-uk` extra) loads on first use.
"""
