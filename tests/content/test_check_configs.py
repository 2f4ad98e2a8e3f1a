#!/usr/bin/env python3
"""Tests of check_configs.py: its parsing helpers directly, and the whole script on the fixtures in
fixtures/ (good: every wrapping path passes and a block marked `invalid` is rejected; bad: each broken
snippet fails with the tool's own reason; empty: finding nothing is a failure)."""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import check_configs as cc  # noqa: E402


def run_checker(fixture: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, str(HERE / "check_configs.py"), str(HERE / "fixtures" / fixture)],
        capture_output=True, text=True, timeout=300,
    )
    return done.returncode, done.stdout.splitlines()


def snippet(language: str, text: str) -> cc.Snippet:
    return cc.Snippet("x.md", 1, language, language.split(), text)


class Helpers(unittest.TestCase):
    def test_zone_origin_prefers_origin_then_soa_then_registered_domain(self):
        self.assertEqual(cc.zone_origin("$ORIGIN shop.foobar.com.\nwww IN A 192.0.2.1\n"), "shop.foobar.com.")
        self.assertEqual(cc.zone_origin("a.foobar.com. IN SOA ns. h. 1 2 3 4 5\n"), "a.foobar.com.")
        self.assertEqual(cc.zone_origin("www.foobar.com. 60 IN A 192.0.2.1\n"), "foobar.com.")
        two_deep = "a.x.foobar.com. A 192.0.2.1\nb.x.foobar.com. A 192.0.2.2\n"
        self.assertEqual(cc.zone_origin(two_deep), "foobar.com.")

    def test_zone_fragment_gets_soa_ns_and_glue_but_complete_zone_is_untouched(self):
        fragment = "foobar.com. IN NS ns1.foobar.com.\n"
        wrapped, complete = cc.wrap_zone(fragment, "foobar.com.")
        self.assertFalse(complete)
        self.assertIn("IN SOA", wrapped)
        self.assertIn("ns1.foobar.com. IN A", wrapped)
        zone = "$ORIGIN foobar.com.\n@ IN SOA ns1 h (1 2 3\n 4 5)\n  IN NS ns1\nns1 IN A 192.0.2.1\n"
        self.assertEqual(cc.wrap_zone(zone, "foobar.com."), (zone, True))

    def test_nginx_top_level_directives_skip_nested_blocks_comments_and_quotes(self):
        text = 'map $a $b {\n  default "x;{";\n}\n# server {\nupstream u { server 1.2.3.4; }\nserver {}\n'
        self.assertEqual(cc.top_level_directives(text), ["map", "upstream", "server"])

    def test_nginx_tls_paths_including_the_backend_ones_point_at_the_workspace(self):
        space = cc.Workspace(Path("/w"), Path("/w/cert.pem"), Path("/w/key.pem"), Path("/w/combined.pem"))
        text = ("ssl_certificate_key /etc/k.pem;\nproxy_ssl_trusted_certificate /etc/ca.pem;\n"
                "proxy_ssl_certificate /etc/c.pem;\nproxy_ssl_certificate_key /etc/ck.pem;\n")
        rewritten = cc.rewrite_nginx_paths(text, space, Path("/w/n"))
        self.assertEqual(rewritten, "ssl_certificate_key /w/key.pem;\nproxy_ssl_trusted_certificate /w/cert.pem;\n"
                                    "proxy_ssl_certificate /w/cert.pem;\nproxy_ssl_certificate_key /w/key.pem;\n")

    def test_haproxy_backend_only_gets_defaults_and_a_frontend_in_its_mode(self):
        wrapped = cc.wrap_haproxy("backend b\n    mode tcp\n    server s 10.0.0.1:80\n")
        self.assertTrue(wrapped.startswith("defaults\n"))
        self.assertIn("frontend check_b\n    mode tcp\n", wrapped)
        self.assertIn("default_backend b", wrapped)

    def test_kinds_come_from_the_language_or_an_unmistakable_first_line(self):
        self.assertEqual(cc.kind_of(snippet("nginx", "")), "nginx")
        self.assertEqual(cc.kind_of(snippet("zone", "")), "dns")
        self.assertEqual(cc.kind_of(snippet("text", "#!/usr/sbin/nft -f\nflush ruleset\n")), "nftables")
        self.assertEqual(cc.kind_of(snippet("text", "vrrp_instance V {\n}\n")), "keepalived")
        prometheus = snippet("yaml", "scrape_configs:\n  - job_name: x\n")
        self.assertEqual(cc.kind_of(prometheus), "prometheus-config")
        self.assertIsNone(cc.kind_of(snippet("text", "listen 80;\n")))
        self.assertIsNone(cc.kind_of(snippet("yaml", "groups:\n  - name: x\n")))

    def test_fences_are_found_at_any_depth_with_their_line_and_info_words(self):
        with tempfile.TemporaryDirectory() as temp:
            page = Path(temp) / "page.md"
            page.write_text(
                "1. Step\n\n    ```nginx\n    server {\n    }\n    ```\n\n"
                "~~~~dns invalid\nx A 192.0.2.1\n```\n~~~~\n"
            )
            blocks = cc.fenced_blocks(page, "page.md")
        self.assertEqual([(b.line, b.words) for b in blocks], [(3, ["nginx"]), (8, ["dns", "invalid"])])
        self.assertEqual(blocks[0].text, "server {\n}\n")
        self.assertEqual(blocks[1].text, "x A 192.0.2.1\n```\n")

    def test_included_files_are_checked_as_the_page_shows_them(self):
        with tempfile.TemporaryDirectory() as temp:
            Path(temp, "lb.cfg").write_text(
                "global\n    daemon\n# ANCHOR: web\nbackend web\n    server a 10.0.0.1:80\n# ANCHOR_END: web\n"
            )
            page = Path(temp) / "page.md"
            page.write_text(
                "```haproxy\n{{#include lb.cfg}}\n```\n\n```haproxy\n{{#include lb.cfg:web}}\n```\n\n"
                "```haproxy\n{{#include lb.cfg:1:2}}\n```\n\n```haproxy\n{{#include missing.cfg}}\n```\n"
            )
            texts = [b.text for b in cc.fenced_blocks(page, "page.md")]
        self.assertEqual(
            texts,
            [
                "global\n    daemon\nbackend web\n    server a 10.0.0.1:80\n",
                "backend web\n    server a 10.0.0.1:80\n",
                "global\n    daemon\n",
                "{{#include missing.cfg}}\n",
            ],
        )

    def test_invalid_marker_is_a_word_after_the_language(self):
        self.assertTrue(snippet("dns invalid", "").expect_invalid)
        self.assertFalse(snippet("dns", "").expect_invalid)
        self.assertFalse(snippet("invalid", "").expect_invalid)


class WholeScript(unittest.TestCase):
    def test_good_fixtures_pass_and_the_marked_mistake_is_rejected(self):
        code, lines = run_checker("good")
        self.assertEqual(code, 0, "\n".join(lines))
        self.assertEqual(lines[-1], "config-check: 6 passed, 0 failed")
        rejected = [line for line in lines if "rejected, as marked" in line]
        self.assertEqual(len(rejected), 1)
        self.assertIn("CNAME and other data", rejected[0])

    def test_each_broken_snippet_fails_with_the_tools_reason(self):
        code, lines = run_checker("bad")
        self.assertEqual(code, 1)
        self.assertEqual(lines[-1], "config-check: 0 passed, 8 failed")
        output = "\n".join(lines)
        reasons = ['"proxy_pas" in tests/content/fixtures/bad/broken.md:6',
                   "[tests/content/fixtures/bad/broken.md:13] : 'server web_servers/a' : unknown keyword",
                   "broken.md:20: near '203.0.113.300': bad dotted quad",
                   "marked `invalid` but the tool accepted it", "fifteen seconds", "parse error"]
        if os.geteuid() == 0:
            reasons += ["(tests/content/fixtures/bad/broken.md:32) Unknown keyword 'priorty'",
                        "tests/content/fixtures/bad/broken.md:41:27-27: Error: syntax error"]
        for reason in reasons:
            self.assertIn(reason, output)
        self.assertEqual(sum(line.startswith("FAILED ") for line in lines), 8)

    def test_finding_nothing_fails(self):
        code, lines = run_checker("empty")
        self.assertEqual(code, 1)
        self.assertEqual(lines[-1], "config-check: 0 passed, 1 failed")


if __name__ == "__main__":
    unittest.main()
