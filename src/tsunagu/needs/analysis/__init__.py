"""Japanese text analysis of needs (個別ニーズ): categories, similar needs, groups, redaction.

Public API (the rest of the app calls only these):

- analyze(text) -> Features: words and thesaurus topics of one need; store Features.to_json().
  stored_features(stored_json, text) gives the stored one back, or re-analyzes when the
  thesaurus version changed (Features.is_current).
- suggest_categories(text, limit=3) -> [(category_code, share)], best first; [] if unknown.
- similarity(a, b) -> 0..1 between two Features (for "similar needs already recorded").
- cluster(items, min_persons=3) -> {id: "mobility-1" | None}: needs of different persons about
  the same thing, counted by distinct persons.
- cluster_keywords(features) -> words that name a group (never proper nouns).
- redact(text) -> text with names, addresses, phone numbers, mail addresses and birth dates
  replaced by ［氏名］-style placeholders, for quoting a need outside the center.

Nothing heavy is imported here: the Sudachi dictionary loads on the first analysis.
"""

from tsunagu.needs.analysis.cluster import ClusterItem, cluster, cluster_keywords, join_groups
from tsunagu.needs.analysis.features import (
    Features,
    analyze,
    category_masses,
    similarity,
    stored_features,
    suggest_categories,
)
from tsunagu.needs.analysis.quality import adjusted_rand_index, grouping_ari
from tsunagu.needs.analysis.redact import redact

__all__ = [
    "ClusterItem",
    "Features",
    "adjusted_rand_index",
    "analyze",
    "category_masses",
    "cluster",
    "cluster_keywords",
    "join_groups",
    "grouping_ari",
    "redact",
    "similarity",
    "stored_features",
    "suggest_categories",
]
