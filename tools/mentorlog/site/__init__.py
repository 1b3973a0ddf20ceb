"""The coordinators' site (docs/architecture.md): records -> Markdown pages -> MkDocs (Material).

mentorlog.view (records as values) and mentorlog.stats (the totals) -> pages/ (one module per
page family, all record text through markdown.inert) -> generate (files + nav) -> staging
(write what changed) -> build (MkDocs, then the offline check).
"""

from __future__ import annotations

from .build import Built, build_site, check_site_dir

__all__ = ["Built", "build_site", "check_site_dir"]
