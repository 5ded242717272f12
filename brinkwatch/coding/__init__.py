"""Actor and event coding: dictionaries, the dependency-parse coders and the pipeline stages."""
