-- Letters per language they were written in (en, es), of one campaign.
SELECT language, count(*) AS letters
FROM letters
WHERE campaign = ?
GROUP BY language
ORDER BY letters DESC, language
