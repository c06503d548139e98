-- Letters per member of Congress of one campaign: the summary's by_senator
-- and by_representative.
SELECT bioguide, chamber, name, count(*) AS letters
FROM recipients
WHERE campaign = ?
GROUP BY bioguide, chamber, name
ORDER BY letters DESC, bioguide
