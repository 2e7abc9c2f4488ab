from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from triage import returns


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "The yearly return for one scheme and period, from the case records: applications "
        "(Clare's Law: Right to Ask and Right to Know), disclosures, no disclosure by reason, "
        "withdrawn, open, within and after the scheme's limit, days to decision, and the "
        "applicants' relationships. docs/triage.md, 'The statutory return'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, help=", ".join(returns.RETURN_SCHEMES))
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--area", help="a postcode district (NR2) or a team's name")
        parser.add_argument("--output", help="file to write; CSV goes to the screen without")

    def handle(self, *args, scheme, start, end, format, area, output, **options):
        if format == "xlsx" and not output:
            raise CommandError("An XLSX return needs --output FILE.")
        try:
            scheme_value = returns.scheme_from_slug(slug=scheme)
            period = returns.period_of(start=_day(start), end=_day(end))
            area_choice = returns.area_resolve(value=area) if area else None
        except returns.ReturnInputError as error:
            raise CommandError(str(error)) from None
        report = returns.statutory_return(scheme=scheme_value, period=period, area=area_choice)
        if format == "xlsx":
            Path(output).write_bytes(returns.return_xlsx(report))
        elif output:
            Path(output).write_text(returns.return_csv(report), encoding="utf-8")
        else:
            self.stdout.write(returns.return_csv(report), ending="")
        if output:
            self.stderr.write(f"Wrote the return to {output}.")
