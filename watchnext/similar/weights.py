"""Every weight and threshold of the "more like this" score in one table (score.py, smooth.py,
reasons.py and the index build read them)."""

# ------------------------------------------------------------------ weights
W_SEQUEL = 16.0        # direct sequel / prequel
W_FRANCHISE = 12.0     # same franchise, further along the chain
W_FAMILY = 8.0         # same title family ("Star Wars: ...")
W_WEAK_LINK = 5.0      # a Wikidata "followed by" between titles sharing no word (filmography order)
W_DIRECTOR = 7.0
W_CAST = 3.0           # lead with lead; times billing factors on both sides
W_WRITER = 2.5
W_COMPOSER = 1.2
W_KEYWORD = 0.5        # times idf: a telling word of the descriptions (build/keywords.py)
W_STUDIO = 0.45        # times idf
W_THEME = 0.75         # times idf
W_GENRE = 0.45         # times idf
W_COUNTRY = 0.35       # times idf
W_LANGUAGE = 0.3       # times idf
W_ERA = 1.0            # same year; fades to 0 at ERA_SPAN years apart
ERA_SPAN = 15
W_KIND = 0.8
W_TRUE = 0.8
W_PRIOR = 0.6
GENERIC_ONLY = 0.35    # share of the score kept when nothing specific is shared
ALONE = 0.3            # share of the era and kind bonus kept when not even a genre is shared
SPEC_MIN = 0.75        # how much specific overlap counts as "something specific"
RARE_GENRE_DF = 0.05   # genres on fewer titles than this share count as specific
FILL_MAX = 1500        # titles taken from one genre to fill a short candidate list
CAND_SHARE = 0.04      # rarest features first, until this share of the catalog are candidates
CAND_MIN = 1500
COMMON_DF = 0.05       # features on more titles than this share are not used to find candidates
PROLIFIC = 12          # people with more titles than this count less (sqrt(PROLIFIC / titles))
BILLING = (1.0, 0.85, 0.75, 0.65, 0.55, 0.45, 0.4, 0.35)
THEME_NORM_FROM = 5    # themes beyond this many damp a candidate's theme score
THEME_SAT = 6.0        # theme overlap saturates: many shared themes never outweigh a person
REL_MIN = 0.3          # related themes: co-occurrence cosine at least this ("mafia" ~ "organized crime")
REL_W = 0.6            # and count this share of the theme they stand in for
# audience: 1 preschool, 2 kids, 3 family, 4 teens, 5 adults (0 unknown)
AGE_GROUP = {
    "TV-Y": 1, "TV-Y7": 2, "TV-Y7-FV": 2, "G": 3, "TV-G": 3, "PG": 3, "TV-PG": 3,
    "PG-13": 4, "TV-14": 4, "R": 5, "NC-17": 5, "TV-MA": 5, "NR": 0, "UR": 0,
}
KIDS_ADULT_PENALTY = 4.0
AGE_GAP_PENALTY = (0.0, 0.0, 1.0, 2.5, 4.0)  # by distance between audience groups
KIDS_GENRES = {"Kids", "Children", "Family"}  # and Animation, unless anime or adult genres
ADULT_GENRES = {"Thriller", "Horror", "Crime", "War"}
GENRE_DISJOINT = 0.6   # no genre in common (a documentary and a thriller): specific overlap damped
BIG_STUDIO_DF = 30     # studios with more titles than this are not specific (Paramount, Warner)
