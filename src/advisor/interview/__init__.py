"""`advisor interview`: a questionnaire that asks only what can change the advice.

questions.py   the questions, built from the proposal schema and the knowledge base
relevance.py   which questions can still change an outcome (dependency satisfaction)
session.py     the answers so far, saved after every answer, and the interview loop
terminal.py    the questionary UI for a terminal
scripted.py    --answers FILE and answers piped one per line on standard input

docs/interview.md describes the behaviour and the precise meaning of "relevant".
"""
