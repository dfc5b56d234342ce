"""An example test to copy. Read it once before writing your first test here.

1. Ask for personas by fixture name (tests/conftest.py): `center_staff`, `provider_staff`,
   `secretariat`, `municipal_staff`, `member`, `admin`, and `outsider` (another region).
2. Log in with the `login` fixture: it passes the second factor for roles that need it.
   To test the login itself, post to /accounts/login/ as tests/accounts/test_login.py does.
3. Go through the URL a user opens, not the view function: the access rules, the audit
   log and the templates are part of what you are testing.
4. Test the happy path AND each role that must be refused (and add the URL to
   tests/test_access_matrix.py, or `test_every_url_has_a_rule` fails).
5. Pin the query count of list pages with `django_assert_max_num_queries`, after making
   enough rows that a per-row query would show.
"""

from tsunagu.core.models import AuditAction, AuditEntry


def test_center_staff_open_a_persons_page_and_it_is_audited(client, center_staff, person, login):
    login(client, center_staff)

    response = client.get(f"/people/{person.pk}/")

    assert response.status_code == 200
    assert "髙橋 美咲" in response.content.decode()
    assert AuditEntry.objects.filter(
        user=center_staff, action=AuditAction.VIEW, target_id=str(person.pk)
    ).exists()


def test_the_secretariat_is_refused_names(client, secretariat, person, login):
    login(client, secretariat)

    response = client.get(f"/people/{person.pk}/")

    # The council works with de-identified data only.
    assert response.status_code == 403
    assert "髙橋" not in response.content.decode()
