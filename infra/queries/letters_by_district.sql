-- Letters per House district (TX-07) of one campaign, for campaigns that
-- write by district: the summary's by_district.
SELECT district, count(*) AS letters
FROM letters
WHERE campaign = ? AND district IS NOT NULL
GROUP BY district
ORDER BY letters DESC, district
