"""Population figures kept per 基準日 (not per year), so that the months of a register and the
years of a census coexist; 年齢不詳 kept as its own figure.

Existing rows are given the date their kind means for a year: a census or a projection
10月1日, a register the date its dataset names (基準日 2024-01-01) or else 1月1日."""

import re
from datetime import date

from django.db import migrations, models

_DATE = re.compile(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})")


def _backfill(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    Dataset = apps.get_model("assessment", "PopulationDataset")
    Figure = apps.get_model("assessment", "PopulationFigure")
    for dataset in Dataset.objects.using(db).all():
        named = _DATE.search(dataset.source_date or "")
        for year in Figure.objects.using(db).filter(dataset=dataset).values_list("year", flat=True).distinct():
            if dataset.kind == "registry":
                if named and int(named.group(1)) == year:
                    on = date(year, int(named.group(2)), int(named.group(3)))
                else:
                    on = date(year, 1, 1)
            else:
                on = date(year, 10, 1)
            Figure.objects.using(db).filter(dataset=dataset, year=year).update(on_date=on)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="populationfigure",
            name="on_date",
            field=models.DateField(null=True, verbose_name="基準日"),
        ),
        migrations.AddField(
            model_name="populationfigure",
            name="age_unknown",
            field=models.BooleanField(default=False, verbose_name="年齢不詳"),
        ),
        migrations.RunPython(_backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="populationfigure",
            name="on_date",
            field=models.DateField(verbose_name="基準日"),
        ),
    ]
