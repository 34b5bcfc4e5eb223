"""Forgets that SVG's y axis points down: every bar hangs from the top of the plot instead of standing on the baseline."""
import xml.etree.ElementTree as ET


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
    highest = max(totals.values())
    slot = (width - 72) / len(years)
    svg = ET.Element("svg", {"xmlns": SVG_NS, "width": str(width), "height": str(height),
                             "viewBox": f"0 0 {width} {height}"})
    ET.SubElement(svg, "title").text = title
    ET.SubElement(svg, "text", {"x": "56", "y": "24"}).text = title
    for index, year in enumerate(years):
        h = (height - 104) * totals[year] / highest if highest else 0
        bar = ET.SubElement(svg, "rect", {"class": "bar", "x": f"{56 + index * slot:.2f}", "y": "40",
                                          "width": f"{slot * 0.8:.2f}", "height": f"{h:.2f}"})
        ET.SubElement(bar, "title").text = f"{year}: {totals[year]:,}"
    ET.SubElement(svg, "text", {"x": "56", "y": str(height - 8)}).text = source
    return ET.tostring(svg, encoding="unicode")
