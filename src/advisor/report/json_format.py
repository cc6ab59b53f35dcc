import json


def render(report):
    # Keys starting with "_" carry data for other formats (e.g. a portfolio's full audits for junit).
    public = {k: v for k, v in report.items() if not k.startswith("_")}
    return json.dumps(public, indent=2, ensure_ascii=False, default=str) + "\n"
