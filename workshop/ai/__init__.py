"""AI pairing, with care (contract 7 in docs/architecture.md).

Two things for a learner working beside an AI assistant:

- :mod:`workshop.ai.prompt` builds a ready prompt to paste into any assistant: the task in plain
  words, the function signatures and docstrings from the learner's notebook, the visible tests,
  the rules (standard library, made-up data only) and "explain your code so I can check it".
- :mod:`workshop.ai.tutor` asks an OpenAI-compatible chat endpoint (a local server such as
  Ollama by default) for a hint grounded in the failing tests, and never gives the answer away:
  the system prompt asks for questions and hints, and :mod:`workshop.ai.reply` cuts code.

What leaves the toolkit is built only from the learner side of an exercise (``exercises/NN``):
the learner's own notebook, the visible tests and the exercise metadata. Hidden tests and
solution notebooks are never read here. The small modules:

``config``     settings from ``.workshop/ai.toml``, a user config file and ``WORKSHOP_AI_*``
``errors``     one exception class per way things go wrong, each with a message for a person
``source``     the learner's code and signatures, read from their notebook with :mod:`ast`
``prompt``     the ready prompt
``client``     the chat-completions call (``requests`` is imported only there)
``reply``      the filter that cuts code out of a tutor's reply (``giveaway``: what counts as the answer)
``guard``      the last check before sending: no hidden-test text, even on a facilitator's laptop
``room``       ``workshop ai-room``: the room's model behind a fair queue
``ratelimit``  questions per learner per time window, kept in ``.workshop/ai-usage.json``
``tutor``      putting it together: what is sent, the call, the fallback to static hints
``clipboard``  copying the prompt with the platform's own tool, when there is one
``view``       the Rich rendering; ``notebook`` the ``prompt()``/``tutor()`` notebook functions

Nothing here is imported by ``import workshop``.
"""
