"""The learned event coder: a fine-tuned MiniLM that reads a sentence once and scores its candidate dyads.

`labels` holds the label sets shared by training and inference, `candidates` finds the mentions a sentence
offers as actor or recipient (the parse and the actor dictionaries, as the rule coder finds them),
`runtime` runs the shipped int8 ONNX encoder and the numpy heads, `decode` turns scores into events (one
per happening per article) and `stage` is the `events` stage that uses them. `examples` and `train` are
the training recipe (`brinkwatch model train --variant events`); only they need torch.
"""
