#!/bin/sh
# Regenerates the saved assessments in evidence-examples/history/ with iso20k itself.
#
# Brightwater Managed Services (evidence-examples/brightwater-msp) is assessed as it stands on 2026-11-01
# (the consultant's first visit). A copy of the folder is then remediated: the files under remediation/ are
# added (a complaints log, the October capacity review) and two documents are updated in place (the
# information security policy approved, the continuity plan reviewed). The copy is assessed on 2026-11-21
# (after the remediation) and again on 2027-03-01 (nothing more done; time has passed). The example folder
# itself is never changed.
#
#   sh evidence-examples/history/make-history.sh            # uses target/release/iso20k
#   ISO20K=iso20k sh evidence-examples/history/make-history.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
iso20k=${ISO20K:-"$repo/target/release/iso20k"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
org="$work/brightwater-msp"
cp -R "$repo/evidence-examples/brightwater-msp" "$org"

"$iso20k" assess "$org" --as-of 2026-11-01 --format json -o "$here/brightwater-2026-11-01.json"

cp -R "$here/remediation/." "$org/"
policy="$org/02 Policies/Information Security Policy.md"
sed -i.orig \
  -e 's/^version: "3.0-draft4"$/version: "3.0"/' \
  -e 's/^status: draft$/status: approved\napproved_by: Helen Marsh (Managing Director)\napproved_on: 2026-11-10\nreview_due: 2027-11-30/' \
  -e 's/^last_reviewed: 2026-07-28$/last_reviewed: 2026-11-10/' \
  -e 's/^\*\*DRAFT 3.0 (draft 4, 28 July 2026).*$/**Version 3.0, approved by the Managing Director on 10 November 2026.**/' \
  "$policy"
plan="$org/04 Plans/Service Continuity Plan.md"
sed -i.orig \
  -e 's/^last_reviewed: 2025-06-20$/last_reviewed: 2026-11-12/' \
  -e 's/^review_due: 2026-06-30$/review_due: 2027-11-30/' \
  "$plan"
rm -f "$policy.orig" "$plan.orig"

"$iso20k" assess "$org" --as-of 2026-11-21 --format json -o "$here/brightwater-2026-11-21.json"
"$iso20k" assess "$org" --as-of 2027-03-01 --format json -o "$here/brightwater-2027-03-01.json"
