"""The forms citizens send (requirements.md §5.6, C19, C20, C23): a question for Hỏi - Đáp, a
petition (kiến nghị), a rating of the information provided, a comment on a draft open for comment.

What each form asks is declared here, once; where it goes is decided per site when pages are
built (``build/form_pages.py``): the site's ``intake`` address, else a prepared e-mail to the
site's editorial board. Answers go there only, never into the repository (§3.8): a form asks
for the personal details the regulation's intake requires (Cao Bằng: 004 Đ9.2, from the
profile's ``qa.asker_required_fields``) and no more.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The five marks of a rating, worst first (000 Đ3.8.d; 003 Đ12.1.d).
SCALE = (("1", ("Rất kém", "Very poor")), ("2", ("Kém", "Poor")), ("3", ("Trung bình", "Fair")),
         ("4", ("Tốt", "Good")), ("5", ("Rất tốt", "Very good")))


@dataclass(frozen=True)
class FormField:
    name: str                          # the name the intake receives
    label: tuple[str, str]             # (vi, en)
    kind: str = "text"                 # text, email, tel, textarea, scale (five marks, SCALE)
    required: bool = False
    autocomplete: str = ""             # the HTML autocomplete token (name, email, tel, …); "" for none
    hint: tuple[str, str] = ("", "")
    maxlength: int = 200               # characters; a textarea's is larger


@dataclass(frozen=True)
class FormGroup:
    legend: tuple[str, str]
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class Form:
    kind: str                          # question, petition, rating, comment: sent as `form_kind`
    title: tuple[str, str]
    intro: tuple[str, str]
    groups: tuple[FormGroup, ...]
    submit: tuple[str, str]
    personal: bool                     # asks for personal details: the page says where they go
    path: tuple[str, str] | None = None  # its page (vi, other editions); None: on an item's page


def _text(name: str, vi: str, en: str, required: bool = False, autocomplete: str = "", hint=("", ""),
          kind: str = "text", maxlength: int = 200) -> FormField:
    return FormField(name, (vi, en), kind, required, autocomplete, hint, maxlength)


def _long(name: str, vi: str, en: str, required: bool = True, hint=("", "")) -> FormField:
    return FormField(name, (vi, en), "textarea", required, "", hint, 5000)


# Personal details a regulation may ask for, by the name a profile gives them: the English label,
# the autocomplete token and the kind of input. The Vietnamese label is the profile's own.
KNOWN_DETAILS: dict[str, tuple[str, str, str]] = {
    "full_name": ("Full name", "name", "text"),
    "representative_name": ("Representative's full name", "name", "text"),
    "representative_position": ("Representative's position", "organization-title", "text"),
    "organisation_name": ("Full name of the organisation", "organization", "text"),
    "head_office_address": ("Head office address", "street-address", "text"),
    "address": ("Address where you live, study or work", "street-address", "text"),
    "phone": ("Phone number", "tel", "tel"),
    "email": ("Email address", "email", "email"),
    "nationality": ("Nationality", "", "text"),
    "occupation": ("Occupation", "", "text"),
    "id_number": ("ID card or passport number", "off", "text"),
}

NAME = _text("full_name", "Họ và tên", "Full name", True, "name")
EMAIL_FOR_REPLY = _text("email", "Thư điện tử", "Email", True, "email", kind="email",
                        hint=("Để nhận trả lời và thông báo kết quả xử lý.",
                              "To receive the answer and the outcome."))
PHONE = _text("phone", "Số điện thoại", "Phone number", False, "tel", kind="tel")
ASKER_DEFAULT = (NAME, _text("email", "Thư điện tử", "Email", False, "email", kind="email",
                             hint=("Nếu muốn nhận trả lời qua thư điện tử.",
                                   "If you would like the answer by email.")))
SUBJECT = _text("subject", "Tiêu đề", "Subject", True)
TOPIC = _text("field", "Lĩnh vực", "Field", False, hint=("Ví dụ: đất đai, thuế, giáo dục.",
                                                          "For example: land, tax, education."))


QUESTION = Form(
    "question", ("Gửi câu hỏi", "Ask a question"),
    ("Hỏi về cơ chế, chính sách, thủ tục hành chính và những vấn đề thuộc chức năng, nhiệm vụ của cơ quan nhà "
     "nước. Câu hỏi và câu trả lời có ích cho nhiều người được đăng trong chuyên mục Hỏi - Đáp, không kèm thông "
     "tin cá nhân của người hỏi. Chuyên mục không tiếp nhận đơn thư khiếu nại, tố cáo.",
     "Ask about policies, administrative procedures and other matters within the remit of state agencies. "
     "Questions and answers of general interest are published in the Q&A section, without the asker's "
     "personal details. Complaints and denunciations are not handled here."),
    (FormGroup(("Người hỏi", "About you"), ASKER_DEFAULT),
     FormGroup(("Câu hỏi", "Your question"), (SUBJECT, TOPIC, _long("question", "Nội dung câu hỏi", "Question")))),
    ("Gửi câu hỏi", "Send the question"), personal=True, path=("hoi-dap/gui-cau-hoi/", "questions/ask/"),
)

PETITION = Form(
    "petition", ("Gửi phản ánh, kiến nghị", "Send a petition"),
    ("Phản ánh, kiến nghị về cơ chế, chính sách, thủ tục hành chính và các vấn đề khác thuộc chức năng, nhiệm "
     "vụ của cơ quan hành chính nhà nước được chuyển tới cơ quan có thẩm quyền; kết quả xử lý được công khai. "
     "Khiếu nại, tố cáo được giải quyết theo Luật Khiếu nại, Luật Tố cáo, không qua biểu mẫu này.",
     "Petitions on policies, administrative procedures and other matters within the remit of state agencies "
     "are forwarded to the competent agency, and the outcome is published. Complaints and denunciations follow "
     "the Law on Complaints and the Law on Denunciations, not this form."),
    (FormGroup(("Người gửi", "About you"), (NAME, EMAIL_FOR_REPLY, PHONE)),
     FormGroup(("Phản ánh, kiến nghị", "Your petition"),
               (SUBJECT, TOPIC, _long("content", "Nội dung phản ánh, kiến nghị", "Petition")))),
    ("Gửi kiến nghị", "Send the petition"), personal=True, path=("kien-nghi/", "petitions/"),
)

RATING = Form(
    "rating", ("Đánh giá hoạt động cung cấp thông tin", "Rate the information we provide"),
    ("Đánh giá hoạt động cung cấp thông tin của trang về giao diện, nội dung, chất lượng và sự hỗ trợ. "
     "Biểu mẫu không hỏi thông tin cá nhân.",
     "Rate how this site provides information: its interface, content, quality and support. The form asks "
     "for no personal details."),
    (FormGroup(("Đánh giá", "Your rating"), (
        FormField("interface", ("Giao diện", "Interface"), "scale", True,
                  hint=("Bố cục, dễ tìm, dễ đọc trên máy tính và điện thoại.",
                        "Layout; easy to find and read on a computer and a phone.")),
        FormField("content", ("Nội dung", "Content"), "scale", True,
                  hint=("Đầy đủ, chính xác, kịp thời.", "Complete, accurate, timely.")),
        FormField("quality", ("Chất lượng", "Quality"), "scale", True,
                  hint=("Trang hoạt động ổn định, tải nhanh, tệp tải về được.",
                        "The site works reliably, loads fast, files download.")),
        FormField("support", ("Sự hỗ trợ", "Support"), "scale", True,
                  hint=("Trả lời câu hỏi, hướng dẫn, hỗ trợ khi cần.", "Answers, guidance and help when needed.")),
        _long("comment", "Ý kiến thêm", "Anything else", required=False),
    )),),
    ("Gửi đánh giá", "Send the rating"), personal=False, path=("danh-gia/", "rating/"),
)

COMMENT = Form(
    "comment", ("Góp ý dự thảo", "Comment on this draft"),
    ("Ý kiến góp ý được gửi tới cơ quan tiếp nhận ý kiến nêu trên để tổng hợp, tiếp thu, giải trình; bản tổng "
     "hợp được đăng tại trang này sau khi hết hạn lấy ý kiến, không kèm thông tin cá nhân của người góp ý.",
     "Your comment goes to the receiving agency named above, which summarises the comments and says how they "
     "were taken into account; the summary is published on this page after the period, without commenters' "
     "personal details."),
    (FormGroup(("Người góp ý", "About you"), (
        NAME, _text("organisation", "Cơ quan, tổ chức (nếu có)", "Organisation (if any)", False, "organization"),
        EMAIL_FOR_REPLY)),
     FormGroup(("Góp ý", "Your comment"), (
         _text("section", "Điều, khoản được góp ý", "Article or clause", False,
               hint=("Để trống nếu góp ý chung cho cả dự thảo.", "Leave empty for a comment on the whole draft.")),
         _long("comment", "Nội dung góp ý", "Comment")))),
    ("Gửi góp ý", "Send the comment"), personal=True,
)

FORMS: dict[str, Form] = {form.kind: form for form in (QUESTION, PETITION, RATING, COMMENT)}
PAGE_FORMS = tuple(form for form in FORMS.values() if form.path is not None)


def form_path(form: Form, lang: str) -> str:
    assert form.path is not None
    return form.path[0 if lang == "vi" else 1]


def _detail(entry: Any) -> FormField | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("field"), str) or not isinstance(entry.get("label"), str):
        return None
    name, label = entry["field"], entry["label"]
    english, autocomplete, kind = KNOWN_DETAILS.get(name, (label, "", "text"))
    return FormField(name, (label, english), kind, True, autocomplete)


ASKER_KINDS = {"individual": ("Cá nhân hỏi", "Asking as an individual"),
               "organisation": ("Tổ chức hỏi", "Asking for an organisation")}


def asker_groups(profile_qa: Any) -> list[tuple[str, tuple[str, str], tuple[FormField, ...]]]:
    """The question form's asker details: one set per kind of asker the profile names
    (`qa.asker_required_fields`: individual, organisation), each required, as (kind, heading,
    fields); the default set (a name, an optional e-mail) when the profile names none."""
    wanted = (profile_qa or {}).get("asker_required_fields") if isinstance(profile_qa, dict) else None
    out = []
    if isinstance(wanted, dict):
        for kind in [k for k in ASKER_KINDS if k in wanted] + sorted(str(k) for k in wanted if k not in ASKER_KINDS):
            fields = tuple(x for x in map(_detail, wanted[kind] or ()) if x is not None)
            if fields:
                out.append((str(kind), ASKER_KINDS.get(kind, (str(kind), str(kind))), fields))
    return out or [("", ("", ""), ASKER_DEFAULT)]
