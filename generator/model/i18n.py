"""Words of the interface and dates, per language.

Vietnamese dates follow the administrative form of Nghị định 30/2020: the day
has two digits, the month has two digits only for January and February
("ngày 05 tháng 02 năm 2020", "ngày 19 tháng 6 năm 2015").
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from ..core.clock import VN_TZ

UI: dict[str, dict[str, str]] = {
    "vi": {
        "skip": "Bỏ qua, đến nội dung chính", "home": "Trang chủ", "breadcrumbs": "Đường dẫn",
        "menu": "Danh mục chính", "languages": "Ngôn ngữ", "latest": "Mới nhất",
        "all": "Xem tất cả", "page": "Trang", "pages": "Phân trang", "next": "Trang sau",
        "prev": "Trang trước", "print": "Lưu / In bài", "save": "Dữ liệu (JSON)",
        "print_hint": "Để lưu bài thành tệp PDF đọc được, chọn Lưu / In bài (hoặc nhấn Ctrl+P) rồi chọn “Lưu dưới dạng PDF”.",
        "save_hint": "dữ liệu có cấu trúc của bài, cho phần mềm", "printed_from": "In từ", "print_date": "Ngày in",
        "related": "Cùng chủ đề, lĩnh vực", "toc": "Mục lục",
        "tags": "Chủ đề", "tag": "Chủ đề", "fields": "Lĩnh vực", "directory": "Các trang thành phần",
        "departments": "Sở, ban, ngành", "districts": "Huyện, thành phố", "communes": "Xã, phường",
        "units": "Đơn vị trực thuộc", "portal": "Cổng thông tin",
        "withdrawn": "Nội dung này đã được thu hồi và không còn hiệu lực thông tin; trang được giữ để tra cứu.",
        "sample": "Nội dung mẫu, được tạo để minh họa; không phải thông tin chính thức.",
        "effect": "Tình trạng hiệu lực", "in_force": "Còn hiệu lực", "expired": "Hết hiệu lực",
        "not_yet": "Chưa có hiệu lực", "replaced": "Hết hiệu lực, đã được thay thế", "replaced_link": "bởi",
        "replaced_by": "Được thay thế bởi", "replaces": "Thay thế", "amends": "Sửa đổi, bổ sung",
        "amended_by": "Được sửa đổi, bổ sung bởi", "download": "Tải về", "download_only": "chỉ tải về",
        "national_db": "Xem trên Cơ sở dữ liệu quốc gia về văn bản pháp luật",
        "published": "Ngày đăng", "author": "Tác giả", "source": "Nguồn", "contact": "Liên hệ",
        "updated": "Cập nhật lần cuối", "history": "Lịch sử cập nhật",
        "translation_stale": "Bản dịch này được làm từ một phiên bản trước của bài tiếng Việt; bài tiếng Việt "
                             "được cập nhật lần cuối",
        "translation_current": "Xem bản tiếng Việt hiện hành",
        "address": "Địa chỉ", "phone": "Điện thoại", "hotline": "Đường dây nóng", "fax": "Fax",
        "email": "Thư điện tử", "governing": "Cơ quan chủ quản", "reuse": "Khi phát hành lại thông tin",
        "links": "Liên kết", "not_found": "Không tìm thấy trang",
        "not_found_text": "Trang bạn tìm không có hoặc đã được chuyển. Mời quay về trang chủ.",
        "gone": "Nội dung đã được gỡ bỏ",
        "gone_text": "Nội dung tại địa chỉ này đã được gỡ bỏ và không còn được cung cấp. Mời quay về trang chủ.",
        "duties": "Nhiệm vụ", "no_translation": "Chưa có bản dịch của trang này",
        "event_time": "Thời gian diễn ra", "official_site": "Trang thông tin điện tử",
        "all_sites": "Tất cả các trang thành phần", "document": "Văn bản", "yes": "Có", "no": "Không",
        "facts": "Thông tin chính", "size": "dung lượng",
        "other_group": "Khác", "data_table": "Bảng số liệu",
        "table_cut": "Bảng chỉ hiển thị {shown} dòng đầu trong tổng số {total} dòng; tải tệp {name} để xem đầy đủ.",
        "download_data": "Tải về tệp số liệu",
        "lookup": "Tra cứu văn bản", "lookup_text": "Từ khóa, số hoặc ký hiệu", "any": "Tất cả",
        "year": "Năm ban hành", "filter": "Tra cứu", "reset_filters": "Xóa bộ lọc", "site_col": "Trang",
        "lookup_noscript": "Bộ lọc cần JavaScript. Bảng dưới đây liệt kê mọi văn bản.",
        "lookup_count": "văn bản", "file": "Tệp",
        "search": "Tìm kiếm", "search_label": "Tìm trong trang thông tin", "search_button": "Tìm",
        "menu_toggle": "Danh mục", "featured": "Tin nổi bật", "latest_news": "Tin mới",
        "public_services": "Dịch vụ công", "services_online": "Nộp hồ sơ, tra cứu trực tuyến",
        "services_national": "Cổng Dịch vụ công quốc gia",
        "procedures_all": "Thủ tục hành chính", "lookup_go": "Tra cứu",
        "qa_ask": "Gửi câu hỏi",
        "search_noscript": "Tìm kiếm cần JavaScript. Mời dùng các mục Tin tức, Văn bản, Chủ đề trong danh mục.",
        "search_results": "kết quả", "search_result": "kết quả", "search_more": "Xem thêm kết quả",
        "type_feed": "Theo dõi qua tin Atom",
        "search_none": "Không tìm thấy kết quả. Hãy thử từ khác, có hoặc không có dấu.",
        "search_no_words": "Hãy gõ từ cần tìm (chữ hoặc số).",
        "search_failed": "Không tải được chỉ mục tìm kiếm. Hãy thử lại sau.",
        "schedule_this_week": "Lịch công tác tuần này", "schedule_weeks": "Lịch công tác các tuần",
        "schedule_none": "Chưa có lịch công tác được công bố cho tuần này.",
        "list_none": "Chưa có nội dung nào được đăng tải.",
        "schedule_no_more": "Những ngày còn lại của tuần không có hoạt động nào trong lịch.",
        "schedule_whole_week": "Xem lịch công tác cả tuần", "schedule_other_weeks": "Lịch các tuần khác",
        "schedule_week_page": "Trang lịch của tuần này (để in, lưu)", "schedule_printed": "Ngày in",
        "schedule_activities": "hoạt động", "schedule_today": "hôm nay",
        "interaction": "Tương tác", "form_required": "bắt buộc",
        "form_required_note": "Các mục có ghi (bắt buộc) phải được điền.",
        "form_error_title": "Có lỗi cần sửa", "form_error": "Lỗi", "form_missing": "Chưa nhập",
        "form_missing_choice": "Chưa chọn mức đánh giá cho", "form_bad_email": "chưa đúng dạng, ví dụ: ten@example.vn",
        "form_privacy_title": "Thông tin cá nhân",
        "form_privacy": "Thông tin cá nhân bạn điền chỉ được gửi tới hệ thống tiếp nhận của cơ quan để trả lời "
                        "bạn; không được đăng trên trang và không được lưu vào kho nội dung của trang. Cơ quan không "
                        "tiết lộ thông tin cá nhân của bạn khi chưa được bạn đồng ý và hủy các thông tin này khi bạn "
                        "đề nghị.",
        "form_mailto_intro": "Trang này chưa có hệ thống tiếp nhận trực tuyến. Liên kết dưới đây mở một thư soạn "
                             "sẵn trong chương trình thư điện tử của bạn; điền các mục trong thư rồi gửi tới",
        "form_mailto_link": "Soạn thư", "form_mailto_lines": "Thư soạn sẵn gồm các mục:",
        "share": "Chia sẻ", "share_email": "Gửi qua thư điện tử", "share_other": "Chia sẻ qua ứng dụng khác",
        "comment_period": "Thời gian lấy ý kiến",
        "qa_lookup": "Tra cứu câu hỏi theo mã phiếu", "qa_ticket": "Mã phiếu", "qa_find": "Tra cứu",
        "qa_ticket_hint": "Mã phiếu có dạng HD-2026-000123, được báo cho người hỏi khi câu hỏi được tiếp nhận.",
        "qa_state": "Tình trạng", "qa_due": "Hạn trả lời", "qa_received": "Tiếp nhận", "qa_question": "Câu hỏi",
        "qa_answer": "Trả lời", "qa_history": "Quá trình xử lý", "qa_promised": "hẹn trả lời",
        "qa_reason": "Lý do", "qa_rule": "Thời hạn trả lời theo quy chế", "qa_answerer": "Người trả lời",
        "qa_delegation": "Theo phân công, ủy quyền", "qa_citations": "Văn bản được viện dẫn",
        "qa_disclaimer": "Lưu ý", "qa_channels": "Gửi câu hỏi", "qa_scope": "Phạm vi tiếp nhận",
        "qa_by_field": "Theo lĩnh vực", "qa_by_state": "Theo tình trạng", "qa_count": "phiếu",
        "qa_complaint_pointer": "Đơn thư khiếu nại, tố cáo được giải quyết theo Luật Khiếu nại, Luật Tố cáo; "
                                "mời gửi đến cơ quan có thẩm quyền giải quyết.",
        "qa_noscript": "Tra cứu theo mã cần JavaScript. Bảng dưới đây liệt kê các phiếu của một năm (năm ghi trong "
                       "mã phiếu; chọn năm khác ở danh sách năm): dùng chức năng tìm trong trang của trình duyệt "
                       "(Ctrl+F) với mã phiếu.",
        "qa_year": "Các phiếu tiếp nhận năm {year}", "qa_years": "Phiếu theo năm tiếp nhận",
        "qa_not_found": "Không tìm thấy câu hỏi nào mang mã phiếu này; hãy kiểm tra lại mã (dạng HD-2026-000123).",
        "qa_open": "Xem câu hỏi và câu trả lời", "qa_private": "Thông tin của người hỏi không được công khai.",
        "kinds": "Phân loại", "catalogue": "Danh mục thông tin phải công khai",
        "catalogue_intro": "Từng loại thông tin Cổng công khai: địa chỉ, hình thức, thời điểm và thời hạn công khai.",
        "catalogue_basis": "Căn cứ", "catalogue_type": "Loại thông tin", "catalogue_where": "Địa chỉ",
        "catalogue_form": "Hình thức", "catalogue_when": "Thời điểm", "catalogue_how_long": "Thời hạn công khai",
        "catalogue_web": "Trang thông tin điện tử", "catalogue_record": "dữ liệu JSON của từng mục",
        "catalogue_feed": "tin Atom (feed.xml)", "catalogue_files": "tệp tải về", "catalogue_images": "hình ảnh",
        "catalogue_none": "Chưa có thông tin được đăng tải", "catalogue_json": "Tải danh mục (JSON)",
        "counted_from": "tính từ", "apply_online": "Thực hiện trực tuyến",
        "change_notices": "Thông báo thay đổi", "changed_on": "Thủ tục được sửa đổi, bổ sung",
    },
    "en": {
        "skip": "Skip to main content", "home": "Home", "breadcrumbs": "Breadcrumb",
        "menu": "Main menu", "languages": "Languages", "latest": "Latest",
        "all": "See all", "page": "Page", "pages": "Pagination", "next": "Next page",
        "prev": "Previous page", "print": "Save / Print", "save": "Data (JSON)",
        "print_hint": "To save a readable PDF copy, choose Save / Print (or press Ctrl+P), then “Save as PDF”.",
        "save_hint": "the structured data of this page, for software", "printed_from": "Printed from", "print_date": "Printed on",
        "related": "On the same topic or field", "toc": "Contents",
        "tags": "Tags", "tag": "Tag", "fields": "Fields", "directory": "Component sites",
        "departments": "Departments and agencies", "districts": "Districts", "communes": "Communes and wards",
        "units": "Affiliated units", "portal": "Portal",
        "withdrawn": "This content has been withdrawn; the page is kept for reference.",
        "sample": "Sample content made for illustration; not official information.",
        "effect": "Status", "in_force": "In force", "expired": "No longer in force",
        "not_yet": "Not yet in force", "replaced": "No longer in force, replaced", "replaced_link": "by",
        "replaced_by": "Replaced by", "replaces": "Replaces", "amends": "Amends",
        "amended_by": "Amended by", "download": "Download", "download_only": "download only",
        "national_db": "See the record in the national legal database",
        "published": "Published", "author": "Author", "source": "Source", "contact": "Contact",
        "updated": "Last updated", "history": "Update history",
        "translation_stale": "This translation was made from an earlier version of the Vietnamese text, "
                             "which was last updated on",
        "translation_current": "Read the current Vietnamese version",
        "address": "Address", "phone": "Phone", "hotline": "Hotline", "fax": "Fax",
        "email": "Email", "governing": "Governing agency", "reuse": "When reusing this information",
        "links": "Links", "not_found": "Page not found",
        "not_found_text": "The page you asked for does not exist or has moved. Please go to the home page.",
        "gone": "Content removed",
        "gone_text": "The content at this address has been removed and is no longer available. "
                     "Please go to the home page.",
        "duties": "Duties", "no_translation": "This page has no translation yet",
        "event_time": "Event time", "official_site": "Official website",
        "all_sites": "All component sites", "document": "Document", "yes": "Yes", "no": "No",
        "facts": "Key facts", "size": "size",
        "other_group": "Other", "data_table": "Data table",
        "table_cut": "The table shows the first {shown} of {total} rows; download {name} to see them all.",
        "download_data": "Download the data file",
        "lookup": "Document lookup", "lookup_text": "Words, number or symbol", "any": "All",
        "year": "Year of issue", "filter": "Search", "reset_filters": "Clear filters", "site_col": "Site",
        "lookup_noscript": "The filters need JavaScript. The table below lists every document.",
        "lookup_count": "documents", "file": "File",
        "search": "Search", "search_label": "Search this site", "search_button": "Search",
        "menu_toggle": "Menu", "featured": "Featured", "latest_news": "Latest news",
        "public_services": "Public services", "services_online": "Apply and follow online",
        "services_national": "National Public Service Portal",
        "procedures_all": "Administrative procedures", "lookup_go": "Search",
        "qa_ask": "Ask a question",
        "search_noscript": "Search needs JavaScript. Please use the News, Documents and Tags menus.",
        "search_results": "results", "search_result": "result", "search_more": "More results",
        "type_feed": "Follow by Atom feed",
        "search_none": "Nothing found. Try other words, with or without diacritics.",
        "search_no_words": "Type the words to look for (letters or digits).",
        "search_failed": "The search index could not be loaded. Please try again later.",
        "schedule_this_week": "This week's work schedule", "schedule_weeks": "Work schedule by week",
        "schedule_none": "No work schedule has been published for this week.",
        "list_none": "Nothing has been published here yet.",
        "schedule_no_more": "Nothing more is scheduled for the rest of the week.",
        "schedule_whole_week": "See the whole week", "schedule_other_weeks": "Other weeks",
        "schedule_week_page": "This week's own page (to print or save)", "schedule_printed": "Printed on",
        "schedule_activities": "activities", "schedule_today": "today",
        "interaction": "Get in touch", "form_required": "required",
        "form_required_note": "Fields marked (required) must be filled in.",
        "form_error_title": "There is a problem", "form_error": "Error", "form_missing": "Enter",
        "form_missing_choice": "Choose a mark for", "form_bad_email": "is not an email address like name@example.com",
        "form_privacy_title": "Your personal details",
        "form_privacy": "The personal details you give go only to the agency's intake system, to answer you; "
                        "they are never published on this site nor kept in its content repository. The agency "
                        "does not disclose them without your consent and deletes them when you ask.",
        "form_mailto_intro": "This site has no online intake yet. The link below opens a prepared message in "
                             "your email program; fill in its lines and send it to",
        "form_mailto_link": "Write the email", "form_mailto_lines": "The prepared message asks for:",
        "share": "Share", "share_email": "Send by email", "share_other": "Share with another app",
        "comment_period": "Comment period",
        "qa_lookup": "Find a question by its ticket", "qa_ticket": "Ticket", "qa_find": "Look up",
        "qa_ticket_hint": "A ticket looks like HD-2026-000123; the asker is given it when the question is received.",
        "qa_state": "Status", "qa_due": "Answer due", "qa_received": "Received", "qa_question": "Question",
        "qa_answer": "Answer", "qa_history": "Progress", "qa_promised": "answer promised for",
        "qa_reason": "Reason", "qa_rule": "Deadline under the regulation", "qa_answerer": "Answered by",
        "qa_delegation": "Authorised by", "qa_citations": "Legal documents cited",
        "qa_disclaimer": "Note", "qa_channels": "How to ask", "qa_scope": "What the section takes",
        "qa_by_field": "By field", "qa_by_state": "By status", "qa_count": "tickets",
        "qa_complaint_pointer": "Complaints and denunciations are dealt with under the Law on Complaints and the "
                                "Law on Denunciations; please send them to the competent authority.",
        "qa_noscript": "Looking up a code needs JavaScript. The table below lists one year's tickets (the year is "
                       "in the code; choose another in the list of years): use your browser's find in page (Ctrl+F) "
                       "with the code.",
        "qa_year": "Tickets received in {year}", "qa_years": "Tickets by year received",
        "qa_not_found": "No question has this ticket; please check the code (it looks like HD-2026-000123).",
        "qa_open": "Read the question and the answer", "qa_private": "The asker's details are never published.",
        "kinds": "Kinds", "catalogue": "Catalogue of information to be disclosed",
        "catalogue_intro": "Each kind of information the portal discloses: where, in what form, when and for how long.",
        "catalogue_basis": "Legal basis", "catalogue_type": "Information", "catalogue_where": "Where",
        "catalogue_form": "Form", "catalogue_when": "When", "catalogue_how_long": "For how long",
        "catalogue_web": "Web page", "catalogue_record": "a JSON record of each item",
        "catalogue_feed": "Atom feed (feed.xml)", "catalogue_files": "downloadable files", "catalogue_images": "pictures",
        "catalogue_none": "Nothing published yet", "catalogue_json": "Download the catalogue (JSON)",
        "counted_from": "counted from", "apply_online": "Apply online",
        "change_notices": "Change notices", "changed_on": "This procedure was changed on",
    },
}

# Open Graph's og:locale of each edition's language (language_TERRITORY).
OG_LOCALES = {"vi": "vi_VN", "en": "en_US", "ko": "ko_KR", "zh": "zh_CN", "ja": "ja_JP", "fr": "fr_FR",
              "ru": "ru_RU", "lo": "lo_LA", "km": "km_KH"}

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "ko": "한국어", "zh": "中文", "ja": "日本語",
                  "fr": "Français", "ru": "Русский", "lo": "ພາສາລາວ", "km": "ភាសាខ្មែរ"}


def words(lang: str) -> dict[str, str]:
    """Interface words; languages without their own table use English. (Templates read them as
    attributes, so no key may be a dict method's name: `items`, `clear`, `get` …)"""
    return UI.get(lang, UI["en"])


def pick(texts: dict[str, str], lang: str) -> str:
    """A text in the edition's language, else English, else Vietnamese."""
    return texts.get(lang) or texts.get("en" if lang != "vi" else "vi") or texts.get("vi", "")


@lru_cache(maxsize=8192)
def format_day(day: dt.date, lang: str, labelled: bool = False) -> str:
    """``labelled``: the date follows a label that already says "Ngày" ("Ngày đăng: 25 tháng 10 năm
    2024"), so it does not repeat "ngày"."""
    if lang == "vi":
        month = "MM" if day.month <= 2 else "M"
        lead = "" if labelled else "'ngày' "
        return format_date(day, f"{lead}dd 'tháng' {month} 'năm' y", locale="vi")
    return format_date(day, "long", locale=lang if lang in LANGUAGE_NAMES else "en")


def format_moment(moment: dt.date | dt.datetime, lang: str, labelled: bool = False) -> str:
    """A date, or a date with its time of day in Vietnam time when it has one (``labelled``: see
    ``format_day``)."""
    if isinstance(moment, dt.datetime):
        local = moment.astimezone(VN_TZ)
        day = format_day(local.date(), lang, labelled)
        if (local.hour, local.minute) == (0, 0):
            return day
        clock = format_time(local.time(), "HH:mm", locale="vi" if lang == "vi" else "en")
        return f"{clock}, {day}" if lang == "vi" else f"{day}, {clock}"
    return format_day(moment, lang, labelled)


def iso(moment: dt.date | dt.datetime) -> str:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(VN_TZ).isoformat()
    return moment.isoformat()


def format_money(amount: int, lang: str) -> str:
    """An amount in đồng as readers write it: "1.250.000.000 đồng", "VND 1,250,000,000"."""
    if lang == "vi":
        return f"{format_decimal(amount, locale='vi')} đồng"
    return f"VND {format_decimal(amount, locale='en')}"


_QUARTERS = ("", "I", "II", "III", "IV")


def format_period(period, lang: str) -> str:
    """A statistical period as readers write it: "Tháng 10 năm 2026", "Quý III năm 2026", "Năm 2026";
    "October 2026", "Q3 2026", "2026". (``period`` is a ``fields.Period``.)"""
    if lang == "vi":
        if period.kind == "month":
            return f"Tháng {period.number:02d} năm {period.year}" if period.number <= 2 else \
                f"Tháng {period.number} năm {period.year}"
        if period.kind == "quarter":
            return f"Quý {_QUARTERS[period.number]} năm {period.year}"
        return f"Năm {period.year}"
    if period.kind == "month":
        return format_date(dt.date(period.year, period.number, 1), "MMMM y", locale="en")
    if period.kind == "quarter":
        return f"Q{period.number} {period.year}"
    return str(period.year)


def format_size(size: int, lang: str) -> str:
    """A file's size as readers of the language write it: 2,0 KB and 1,5 MB in Vietnamese, 2.0 KB and
    1.5 MB in English (bytes as a whole number)."""
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            break
        size /= 1024
    else:
        unit = "GB"
    if unit == "B":
        return f"{format_number(int(size), lang)} B"
    return f"{format_number(Decimal(f'{size:.1f}'), lang)} {unit}"


def format_number(value, lang: str) -> str:
    """A whole or decimal number (int or Decimal) grouped as readers of the language write it, with
    the decimals it was written with: 1.250.000 and 12,50 in Vietnamese, 1,250,000 and 12.50 in English."""
    exponent = value.as_tuple().exponent if hasattr(value, "as_tuple") else 0
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale="vi" if lang == "vi" else "en")
