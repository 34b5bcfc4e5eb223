"""Every link is looked up in the archive, even working ones: slow, and it tells the archive
about every page the report cites."""


def link_report(urls, api_base, timeout=5):
    rows = []
    for url in urls:
        result = check_link(url, timeout=timeout)
        found = find_snapshot(url, api_base, timeout=timeout)
        rows.append({"url": url, "status": result.status, "code": result.code,
                     "final_url": result.final_url, "snapshot": found.url if found else None})
    return rows
