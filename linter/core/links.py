"""Where a rule's documentation lives on the web, if anywhere.

cslint has no public site of its own. A link is emitted only when it can lead somewhere:
the `docs-url` setting (a template with `{code}`), else the `Documentation` URL of the
installed package's metadata (a fork or a vendor that publishes the docs sets it), with the
rule pages under `rules/` as in this repository. With neither, reporters leave the link
out, and the text stays reachable through `cslint explain` and the language server's hover.
"""

from __future__ import annotations

from collections.abc import Iterable

CODE_FIELD = "{code}"


def docs_url_from_metadata(project_urls: Iterable[str]) -> str | None:
    """The rule-page template from `Project-URL` entries ("Label, URL"), or None."""
    for entry in project_urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("documentation", "docs") and url.strip():
            return url.strip().rstrip("/") + "/rules/" + CODE_FIELD + ".md"
    return None


def installed_docs_url() -> str | None:
    """The template from the installed cslint's metadata, or None."""
    from importlib import metadata

    try:
        urls = metadata.metadata("cslint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    return docs_url_from_metadata(urls)


def docs_url_template(configured: str | None) -> str | None:
    """The configured template wins; else the package's; else no links at all."""
    return configured if configured else installed_docs_url()


def rule_url(template: str | None, code: str) -> str | None:
    return template.replace(CODE_FIELD, code) if template else None
