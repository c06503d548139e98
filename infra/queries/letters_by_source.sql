-- Letters per source code (a partner, a channel) of one campaign: the
-- summary's by_source; the letters with none are the rest of the total.
SELECT source, count(*) AS letters
FROM letters
WHERE campaign = ? AND source IS NOT NULL
GROUP BY source
ORDER BY letters DESC, source
