"""A tiny tokenizer: a Python sample for the code panel."""

KEYWORDS = {"if", "else", "while", "return"}


def classify(word):
    if word in KEYWORDS:
        return "keyword"
    elif word.isdigit():
        return "number"
    elif word.isidentifier():
        return "name"
    return "symbol"


def tokenize(text):
    tokens = []
    for line_number, line in enumerate(text.splitlines(), 1):
        for word in line.split():
            if word.startswith("#"):
                break
            tokens.append((line_number, classify(word), word))
    return tokens


class Counter:
    def __init__(self):
        self.counts = {}

    def add(self, tokens):
        for _, kind, _ in tokens:
            self.counts[kind] = self.counts.get(kind, 0) + 1
        return self
