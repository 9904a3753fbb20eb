"""State-secret content is refused at `check` wherever its marking is (issue 9, point 9;
requirements.md §3.6): the `classification` value in every way an editor writes it, a stamp in
the title, a stamp line in the body. Ordinary words with the syllable "mật" are not markings."""
from __future__ import annotations

import pytest
from sitekit import codes, news, run_build, write_repo

from generator.core.secrecy import secret_level, stamp_in_line, stamp_in_title
from generator.core.textcheck import fold_vi

NEWS = "content/tinh/news/2026/tin.md"


# ---- the classification value ----------------------------------------------------------------

SECRET_VALUES = ['"Mật"', '"Tối mật"', '"Tuyệt mật"', '"Độ mật: Mật"', '"Độ mật: Tối mật"', '"A-MẬT"', "a-mat",
                 '"MẬT"', '"mật"', "mat", "MAT", "toi_mat", "TOI-MAT", '"toi mat"', '"TUYỆT MẬT"', '"tuyet mat"',
                 '"Top secret"', "secret"]


@pytest.mark.parametrize("written", SECRET_VALUES)
def test_every_way_of_writing_a_secret_level_is_refused(tmp_path, written):
    write_repo(tmp_path, {NEWS: news(extra=f"classification: {written}\n")})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(NEWS, 5, "classification.secret")]
    assert "never published" in result.diagnostics[0].message and "Remove this file" in result.diagnostics[0].message


@pytest.mark.parametrize("written", ["public", '"công khai"', '"Công khai"', "cong_khai", '"cong khai"', '"thường"',
                                     '"Không mật"'])
def test_the_public_values_are_accepted(tmp_path, written):
    write_repo(tmp_path, {NEWS: news(extra=f"classification: {written}\n")})
    assert run_build(tmp_path, check_only=True).diagnostics == []


@pytest.mark.parametrize("written", ['"mật ong"', '"bí mật"', '"mật độ"', '"mật khẩu"', "noi_bo"])
def test_a_word_with_the_syllable_is_no_level_but_no_classification_either(tmp_path, written):
    write_repo(tmp_path, {NEWS: news(extra=f"classification: {written}\n")})
    assert codes(run_build(tmp_path, check_only=True)) == [(NEWS, 5, "field.type")]
    assert secret_level(written.strip('"')) is None


# ---- a stamp in the title ----------------------------------------------------------------------

@pytest.mark.parametrize("title,level", [
    ("Kế hoạch phòng thủ (TUYỆT MẬT)", "Tuyệt mật"),
    ("TỐI MẬT - Báo cáo tình hình", "Tối mật"),
    ("MẬT - Kế hoạch diễn tập", "Mật"),
    ("Kế hoạch diễn tập - MẬT", "Mật"),
    ("Kế hoạch diễn tập (mật)", "Mật"),
    ("Báo cáo (Độ mật: Tối mật)", "Tối mật"),
    ("Báo cáo TOI MAT quý III", "Tối mật"),
])
def test_a_stamp_in_the_title_is_refused_at_the_title(tmp_path, title, level):
    assert stamp_in_title(title)[1] == level
    write_repo(tmp_path, {NEWS: news(title=title)})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(NEWS, 2, "classification.secret")]
    assert f"stamped `{level}`" in result.diagnostics[0].message
    col = result.diagnostics[0].col
    assert fold_vi(news(title=title).splitlines()[1][col - 1:]).startswith(("tuyet", "toi", "mat", "do")), col


ORDINARY_TITLES = ["Bảo vệ bí mật nhà nước trong tình hình mới", "BẢO VỆ BÍ MẬT NHÀ NƯỚC",
                   "MẬT ONG BẮC KẠN ĐẠT CHUẨN OCOP", "Mật ong rừng Lạng Sơn", "Mật độ dân số năm 2025",
                   "Hướng dẫn đổi mật khẩu tài khoản", "Tài liệu tối mật bị lộ: bài học cảnh giác",
                   "Tăng cường công tác bảo mật thông tin", "Gắn bó mật thiết với Nhân dân"]


@pytest.mark.parametrize("title", ORDINARY_TITLES)
def test_ordinary_titles_with_the_syllable_pass(tmp_path, title):
    assert stamp_in_title(title) is None
    write_repo(tmp_path, {NEWS: news(title=title)})
    assert run_build(tmp_path, check_only=True).diagnostics == []


# ---- a stamp line in the body ------------------------------------------------------------------

@pytest.mark.parametrize("line,level", [
    ("MẬT", "Mật"), ("**TỐI MẬT**", "Tối mật"), ("# TUYỆT MẬT", "Tuyệt mật"), ("Độ mật: Mật", "Mật"),
    ("[A-MẬT]", "Mật"), ("TUYET MAT", "Tuyệt mật"), ("  _TỐI MẬT_", "Tối mật"),
    ("Độ mật: tối mật", "Tối mật"),
])
def test_a_stamp_line_in_the_body_is_refused_at_its_line(tmp_path, line, level):
    assert stamp_in_line(line) == level
    write_repo(tmp_path, {NEWS: news(body=f"Kính gửi các đơn vị.\n\n{line}\n\nNội dung.")})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(NEWS, 10, "classification.secret")]  # news(): 7 lines of front matter, then the body
    assert f"stamps the text `{level}`" in result.diagnostics[0].message
    assert result.diagnostics[0].col == len(line) - len(line.lstrip()) + 1


def test_ordinary_sentences_with_the_syllable_pass(tmp_path):
    body = ("Cán bộ phải giữ bí mật nhà nước và bảo mật mật khẩu.\n\nMật ong\n\nMật độ dân số tăng.\n\n"
            "Bí mật nhà nước có ba độ mật:\n\n- Tuyệt mật\n- Tối mật\n- Mật\n\nTối mật\n\nMật\n\n"
            "Tài liệu tuyệt mật không được đưa lên mạng.\n\n| Mặt hàng | Giá |\n|---|---|\n| Mật ong | 300.000 đồng |\n")
    for line in body.splitlines():
        assert stamp_in_line(line) is None, line
    write_repo(tmp_path, {NEWS: news(body=body)})
    assert run_build(tmp_path, check_only=True).diagnostics == []
