"""Where citizens take part: the question, petition and rating forms (a page each in every
edition of every site), the comment form of a draft open for comment, the footer's links to
them, and the share links of item pages (requirements.md §5.6, §10.1).

No third-party script. A form posts to the site's ``intake`` address; a site without one gets a
``mailto:`` link instead, to the site's contact address (else the province's portal address),
with the message prepared. What a form asks is declared in ``model/forms.py``; what it receives
goes to the intake or the mailbox only, never into the repository.
"""
from __future__ import annotations

from urllib.parse import quote

from ..model.config import Config, SiteConfig
from ..model.forms import (
    PAGE_FORMS,
    SCALE,
    Form,
    FormField,
    FormGroup,
    asker_groups,
    form_path,
)
from ..model.i18n import pick, words
from . import plan as p
from . import views as v
from .documents import Document
from .page_input import PageCall

# Platforms with a documented share address that takes the page's address: a plain link, no SDK.
# Others (Zalo, YouTube, TikTok) have none; the page offers the device's own share sheet for them.
SHARE_ADDRESSES = {
    "facebook": ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "twitter": ("X", "https://twitter.com/intent/tweet?url={url}&text={title}"),
    "x": ("X", "https://twitter.com/intent/tweet?url={url}&text={title}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    "telegram": ("Telegram", "https://t.me/share/url?url={url}&text={title}"),
}
PLATFORM_NAMES = {"zalo": "Zalo", "youtube": "YouTube", "tiktok": "TikTok", "instagram": "Instagram"}


def mailbox(site: SiteConfig, config: Config) -> str:
    """Where a form's message goes without an intake: the site's contact address, else the
    province's portal address (the profile's first `portal_emails`), else its contact address."""
    emails = config.province.profile.get("portal_emails") or ()
    return site.contact.get("email") or (str(emails[0]) if emails else "") or config.province.contact.get("email", "")


def _col(lang: str) -> int:
    return 0 if lang == "vi" else 1


def _field_view(field: FormField, lang: str, prefix: str) -> dict:
    t, col = words(lang), _col(lang)
    label = field.label[col]
    fid = f"{prefix}-{field.name}"
    hint = field.hint[col]
    scale = field.kind == "scale"
    return {
        "id": fid, "name": field.name, "label": label, "kind": field.kind, "required": field.required,
        "label_lang": "vi" if lang != "vi" and field.label[0] == field.label[1] else "",
        "autocomplete": field.autocomplete, "hint": hint, "hint_id": f"{fid}-hint" if hint else "",
        "maxlength": field.maxlength,
        "error": f"{t['form_missing_choice'] if scale else t['form_missing']}: {label}",
        "error_format": f"{label} {t['form_bad_email']}" if field.kind == "email" else "",
        "options": [{"value": value, "id": f"{fid}-{value}", "label": f"{value} – {names[col]}"}
                    for value, names in SCALE] if scale else [],
    }


def _mail_lines(groups: tuple[FormGroup, ...], lang: str) -> list[str]:
    t, col = words(lang), _col(lang)
    lines = []
    for group in groups:
        for field in group.fields:
            marks = " (1–5)" if field.kind == "scale" else ""
            lines.append(f"{field.label[col]}{marks}{' (' + t['form_required'] + ')' if field.required else ''}:")
    return lines


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: address with its subject and body (RFC 6068: UTF-8, percent-encoded, CRLF lines)."""
    return (f"mailto:{address}?subject={quote(subject, safe='')}"
            f"&body={quote(body.replace(chr(10), chr(13) + chr(10)), safe='')}")


def form_view(form: Form, groups: tuple[FormGroup, ...], site: SiteConfig, config: Config, lang: str,
              prefix: str, page_url: str, hidden: tuple[tuple[str, str], ...] = (), heading: str = "",
              to: str = "", about: str = "") -> dict:
    """One form as the template draws it: posting to the intake, or a prepared e-mail to `to`
    (default: the site's mailbox) about `about` (default: the site's name)."""
    col = _col(lang)
    view = {
        "id": prefix, "kind": form.kind, "heading": heading, "submit": form.submit[col], "personal": form.personal,
        "action": site.intake or "", "mailto": None,
        "hidden": [{"name": k, "value": val} for k, val in
                   (("form_kind", form.kind), ("site", site.id), ("lang", lang), ("page", page_url), *hidden)],
        "groups": [{"legend": g.legend[col], "id": f"{prefix}-group-{n}",
                    "fields": [_field_view(x, lang, prefix) for x in g.fields]} for n, g in enumerate(groups, 1)],
    }
    if not site.intake:
        address = to or mailbox(site, config)
        lines = _mail_lines(groups, lang)
        subject = f"{form.title[col]}: {about or pick(site.name, lang)}"
        body = "\n\n".join(lines) + f"\n\n\n{page_url}\n"
        view["mailto"] = {"address": address, "href": mailto(address, subject, body), "lines": lines}
    return view


def _form_page(form: Form):
    def fill(c: PageCall, ctx: dict, doc: Document | None) -> str:
        lang, col = c.lang, _col(c.lang)
        url = c.link.absolute(c.site.id, lang, form_path(form, lang))
        config = c.ri.config
        if form.kind == "question":  # one form per kind of asker the profile names (004 Đ9.2)
            sets = asker_groups(config.province.profile.get("qa"))
            forms = [form_view(form, (FormGroup(form.groups[0].legend, fields), *form.groups[1:]), c.site, config,
                               lang, f"ask-{kind}" if kind else "ask", url,
                               (("asker_kind", kind),) if kind else (), heading[col] if len(sets) > 1 else "")
                     for kind, heading, fields in sets]
        else:
            forms = [form_view(form, form.groups, c.site, config, lang, form.kind, url)]
        ctx.update(title=form.title[col], intro=form.intro[col], forms=forms,
                   personal_rule=personal_rule(config) if form.personal else "")
        return "form_page.html"
    return fill


def personal_rule(config: Config) -> str:
    """The profile's rule on askers' personal data (004 Đ19), when it states one."""
    rule = config.province.profile.get("personal_data")
    return rule if isinstance(rule, str) else ""


FORM_PAGES = {f"form_{form.kind}": _form_page(form) for form in PAGE_FORMS}


def interaction_links(site: SiteConfig, lang: str, link: v.Linker) -> list[dict]:
    """The footer's links to the forms of the edition."""
    return [{"title": form.title[_col(lang)], "url": link.url(site.id, lang, form_path(form, lang))}
            for form in PAGE_FORMS]


def share_view(c: PageCall, doc: Document) -> dict:
    """Share links of an item for the profile's `social_platforms`: plain links where the platform
    has a share address, the device's share sheet (a button, with JavaScript) for the others."""
    url = c.link.absolute(doc.site, doc.lang, p.item_path(doc))
    platforms = [str(x).lower() for x in c.ri.config.province.profile.get("social_platforms") or ()]
    links = []
    for platform in dict.fromkeys(platforms):
        if platform in SHARE_ADDRESSES:
            name, pattern = SHARE_ADDRESSES[platform]
            links.append({"name": name, "url": pattern.format(url=quote(url, safe=""),
                                                              title=quote(doc.title, safe=""))})
    others = [PLATFORM_NAMES.get(x, x.title()) for x in dict.fromkeys(platforms) if x not in SHARE_ADDRESSES]
    return {"links": links, "others": ", ".join(others), "url": url, "title": doc.title,
            "email": mailto("", doc.title, url)}


def item_extras(c: PageCall, doc: Document) -> dict:
    """What every item's page gets beyond its view: share links (a type's own parts come from its
    hooks: ``types/rendering.py``)."""
    return {"share": share_view(c, doc)}
