-- Letters per day (UTC) of one campaign: the summary's by_day.
SELECT day, count(*) AS letters
FROM letters
WHERE campaign = ?
GROUP BY day
ORDER BY day
