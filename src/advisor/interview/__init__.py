"""`advisor interview`: a questionnaire that asks only what can change the advice.

questions.py   the questions, built from the proposal schema and the knowledge base
relevance.py   which questions can still change an outcome (dependency satisfaction)
session.py     the core: next question, record (validation), sections, review, why; no terminal code
terminal.py    the prompt_toolkit UI for a terminal
store.py       where answers are kept: the two-method store protocol, files for the CLI, memory;
               the browser service implements the protocol over its database
keyfacts.py    the key facts, ranked from the knowledge base
flow.py        start screen, key facts, advice, task list and per-section checks, for any UI
measure.py     how much of the advice --quick recovers (benchmarks/interview_quick.py)
scripted.py    --answers FILE and answers piped one per line on standard input

docs/interview.md describes the behaviour and the precise meaning of "relevant".
"""
