import json

# What `--detail summary` leaves out of an advice report (docs/report-format.md).
FULL_ONLY = ("stage_plan", "audit", "answers")


def render(report, detail="full"):
    # Keys starting with "_" carry data for other formats (e.g. a portfolio's full audits for junit).
    public = {k: v for k, v in report.items() if not k.startswith("_")
              and not (detail == "summary" and report.get("kind") == "advice" and k in FULL_ONLY)}
    return json.dumps(public, indent=2, ensure_ascii=False, default=str) + "\n"
