"""Forgets the space after the comma: 'Welcome,Lee Young-hee!'."""


def welcome(name):
    return "Welcome," + name + "!"
