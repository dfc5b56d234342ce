"""虐待対応 (abuse reports and their handling): models in ``safeguarding.models``; here the
services, selectors, views, forms, urls, figures, the survey and the PDF of this sub-area."""
