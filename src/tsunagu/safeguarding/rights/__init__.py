"""権利擁護 (成年後見制度利用支援, 日常生活自立支援事業 referrals): the services, selectors, views,
forms and urls of this sub-area; models in ``safeguarding.models``."""
