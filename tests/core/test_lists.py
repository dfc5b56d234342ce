"""マスタ管理: the default lists, and an administrator extending them."""

from tsunagu.core.lists import DEFAULT_LISTS
from tsunagu.core.models import AuditAction, AuditEntry, ListItem, ListKind


def test_new_region_gets_the_default_lists(region):
    for kind, items in DEFAULT_LISTS.items():
        stored = list(ListItem.objects.filter(region=region, kind=kind)
                      .order_by("sort_order").values_list("code", "label"))
        assert stored == [(code, label) for code, label, _aliases in items]
    assert ListItem.objects.get(region=region, kind=ListKind.DISABILITY_TYPE,
                                code="physical").alias_list() == ["身体"]


def test_admin_adds_and_renames_items(client, admin, region, login):
    login(client, admin)
    assert "支援内容" in client.get("/lists/").content.decode()
    response = client.post("/lists/contact_method/", {
        "code": "line", "label": "LINE", "aliases": "ライン", "sort_order": "200",
        "is_active": "on",
    })
    assert response.status_code == 302
    created = ListItem.objects.get(region=region, kind=ListKind.CONTACT_METHOD, code="line")
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_id=str(created.pk)).exists()
    phone = ListItem.objects.get(region=region, kind=ListKind.CONTACT_METHOD, code="phone")
    response = client.post("/lists/contact_method/", {
        "pk": phone.pk, "code": "changed", "label": "電話（固定・携帯）", "aliases": "",
        "sort_order": "20",
    })
    assert response.status_code == 302
    phone.refresh_from_db()
    assert phone.label == "電話（固定・携帯）" and phone.code == "phone"  # code is stable
    assert phone.is_active is False  # unchecked box retires the item


def test_duplicates_and_bad_input_are_form_errors(client, admin, region, login):
    login(client, admin)
    before = ListItem.objects.count()
    for data in (
        {"code": "phone", "label": "新しい", "sort_order": "1"},
        {"code": "x", "label": "電話", "sort_order": "1"},
        {"code": "日本語", "label": "x", "sort_order": "1"},
        {"code": "y", "label": "", "sort_order": "-1"},
    ):
        response = client.post("/lists/contact_method/", data)
        assert response.status_code == 200, data
    assert ListItem.objects.count() == before
    assert client.get("/lists/unknown_kind/").status_code == 404
    assert client.get("/lists/contact_method/", {"edit": "99999"}).status_code == 404


def test_admin_cannot_edit_another_regions_items(client, admin, other_region, login):
    foreign = ListItem.objects.filter(region=other_region).first()
    login(client, admin)
    response = client.post(f"/lists/{foreign.kind}/", {
        "pk": foreign.pk, "code": foreign.code, "label": "乗っ取り", "sort_order": "1",
    })
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.label != "乗っ取り"
