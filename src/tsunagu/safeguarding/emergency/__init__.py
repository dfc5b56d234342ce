"""地域生活支援拠点 (emergency readiness): the register of persons, emergency events and trial
stays: the services, selectors, views, forms and urls of this sub-area; models in
``safeguarding.models``."""
