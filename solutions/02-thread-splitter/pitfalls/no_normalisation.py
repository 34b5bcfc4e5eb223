"""Never puts text into composed form (NFC): decomposed Korean counts three times too heavy."""


def weighted_length(text):
    rest, n_links = URL_PATTERN.subn("", text)
    return n_links * URL_WEIGHT + sum(char_weight(ch) for ch in rest)


def split_thread(text, limit=280, number=True):
    words = text.split()
    if not words:
        return []
    whole = " ".join(words)
    if weighted_length(whole) <= limit:
        return [whole]
    if not number:
        return pack_words(words, limit)
    digits = 1
    while True:
        posts = pack_words(words, limit - 2 - 2 * digits)
        if len(str(len(posts))) <= digits:
            break
        digits += 1
    return [f"{post} {index}/{len(posts)}" for index, post in enumerate(posts, start=1)]
