"""The directory as one flat sheet for Excel users: one row per service-at-location.

Export: UTF-8 with BOM (``core.csvutil.csv_bytes``: formulas neutralized) or CP932 (characters
CP932 lacks substituted through ``core.text.to_cp932``, with notes). Import: CSV (UTF-8 with
or without BOM, or CP932) or XLSX through ``core.tabular``; the headers exactly as HEADERS.

An import changes only what the sheet changes: each row is compared with what the export
would write for the same service and place, and only the cells that differ are written into
the service's HSDS document; everything a sheet cannot hold (other phones, structured
schedules, attributes of other taxonomies ...) is kept. A row without サービスID is a new
service; a row without 実施場所ID a new place of its service. Places not in the sheet are
kept. All or nothing: every row is checked first, errors name the row (Excel's number), the
column and the reason, and nothing is written while there is one.

One module per job: ``columns`` (the headers), ``export`` (the sheet written), ``cells`` (a
row read and checked) and ``sheet_import`` (the changes applied to the documents)."""
