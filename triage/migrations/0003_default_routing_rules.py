from django.db import migrations

# The sensible default: a concern about a known nominal goes to their offender manager; any
# other concern to the team for the area; disclosure applications to the area's desk.
DEFAULT_RULES = [
    (10, "concern", "matched_nominal", "nominal_manager"),
    (20, "concern", "always", "area_team"),
    (30, "sarahs_law", "always", "area_disclosure_desk"),
    (40, "clares_law", "always", "area_disclosure_desk"),
]


def add_default_rules(apps, schema_editor):
    RoutingRule = apps.get_model("triage", "RoutingRule")
    if RoutingRule.objects.exists():
        return
    for order, scheme, condition, target in DEFAULT_RULES:
        RoutingRule.objects.create(order=order, scheme=scheme, condition=condition, target=target)


class Migration(migrations.Migration):
    dependencies = [("triage", "0002_reference_data_routing_clocks")]

    operations = [migrations.RunPython(add_default_rules, migrations.RunPython.noop)]
