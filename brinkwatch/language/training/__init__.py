"""The recipe that trains brinkwatch's English pipeline from ../shared/data (see docs/language-model.md).

corpus.py converts UD/UNER to DocBins, vectors.py distils MiniLM's word-piece table into static
vectors, tokenizer.py holds the news tokenizer rules, train.py runs the steps, package.py ships
the result into brinkwatch/resources/en_brinkwatch. configs/ holds the spaCy configs.
"""
