"""Every weight of the search score in one table: how much each way a query word can match a
title counts, and the whole-query title bonuses."""

# weights of the ways a query word can match a title
W_TITLE = 1.0
W_TITLE_PREFIX = 0.75
W_TITLE_FUZZY = 0.72
W_PERSON_LEAD = 1.0
W_PERSON_OTHER = 0.85
W_PERSON_TOKEN_LEAD = 0.7
W_PERSON_TOKEN_OTHER = 0.55
W_THEME = 0.8
W_GENRE = 0.75
W_COUNTRY = 0.75
W_LANGUAGE = 0.7
W_YEAR = 0.9
W_DECADE = 0.7
W_PLATFORM = 0.6
W_KIND = 0.55
W_OTHER_NAME = 0.8  # studios
W_KEYWORD = 0.6     # a keyword of the descriptions (catalog/README.md)
# whole-query title bonuses
B_EXACT = 3.0
B_EXACT_SANS_YEAR = 2.6
B_COMPACT = 2.8
B_PREFIX = 1.2
B_FUZZY = 1.0
B_SPELLED = 0.25
PRIOR_W = 0.3
PARTIAL_FACTOR = 0.5
STRONG = 0.7          # a near miss must match its other words strongly (not a name's first word)
