"""緊急対応 (emergency placements and interventions): the services, selectors, views and forms of
this sub-area; models in ``safeguarding.models``; its pages are in ``rights.urls``."""
