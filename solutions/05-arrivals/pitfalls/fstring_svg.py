"""SVG written with f-strings and no escaping: a title with & or < breaks the document."""


def bar_chart_svg(rows, title="North Koreans arriving in South Korea, by year", width=720, height=400,
                  source="Source: Ministry of Unification, Republic of Korea"):
    if not rows:
        raise ValueError("there are no rows to draw")
    totals = {}
    for row in rows:
        if row["year"] in totals or row["total"] < 0:
            raise ValueError("bad row")
        totals[row["year"]] = row["total"]
    years = list(range(min(totals), max(totals) + 1))
    for year in years:
        if year not in totals:
            raise KeyError(year)
    highest = max(totals.values()) or 1
    slot = (width - 72) / len(years)
    baseline = height - 64
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'viewBox="0 0 {width} {height}"><title>{title}</title><text x="56" y="24">{title}</text>')]
    for index, year in enumerate(years):
        h = (height - 104) * totals[year] / highest
        parts.append(f'<rect class="bar" x="{56 + index * slot:.2f}" y="{baseline - h:.2f}" '
                     f'width="{slot * 0.8:.2f}" height="{h:.2f}"><title>{year}: {totals[year]:,}</title></rect>')
    parts.append(f'<text x="56" y="{height - 8}">{source}</text></svg>')
    return "".join(parts)
