"""Train the sentence quad-class model on ConfliBERT's class_train.tsv (never the test file).

Writes brinkwatch/resources/coding/quad.json (format: docs/coding.md) and prints the 5-fold
cross-validated macro-F1 on the training set. Needs scikit-learn (the `train` extra).

Run: python scripts/train_quad.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline

from brinkwatch.coding.quad import MODEL, cue_text
from brinkwatch.coding.triggers import default_triggers
from brinkwatch.coding.verbs import default_cameo, default_verbs
from brinkwatch.evaluate.quad import load_tsv

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    texts, labels = load_tsv(args.shared / "data/eval/conflibert-cameo/class_train.tsv")
    verbs, cameo, triggers = default_verbs(), default_cameo(), default_triggers()
    inputs = [cue_text(t, verbs, cameo, triggers) for t in texts]
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=10, max_iter=3000, class_weight="balanced"),
    )
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    predicted = cross_val_predict(model, inputs, labels, cv=folds)
    print(f"5-fold cross-validated macro-F1 on class_train.tsv: {f1_score(labels, predicted, average='macro'):.3f}")
    model.fit(inputs, labels)
    vectorizer, classifier = model[0], model[1]
    vocabulary = {
        term: [round(float(vectorizer.idf_[index]), 5), [round(float(w), 5) for w in classifier.coef_[:, index]]]
        for term, index in sorted(vectorizer.vocabulary_.items())
    }
    data = {
        "format": "brinkwatch-quad/1",
        "source": "ConfliBERT class_train.tsv (eventdata/ConfliBERT @0b63001); TF-IDF 1-2 grams + dictionary cues",
        "classes": [int(c) for c in classifier.classes_],
        "intercept": [round(float(b), 5) for b in classifier.intercept_],
        "vocabulary": vocabulary,
    }
    MODEL.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}: {len(vocabulary)} terms")


if __name__ == "__main__":
    main()
