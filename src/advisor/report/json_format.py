import json


def render(report):
    return json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
