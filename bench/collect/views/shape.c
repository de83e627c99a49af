// SPDX-License-Identifier: GPL-2.0
/*
 * Sections, blocks and rows: the rows of a comparison grouped by
 * benchmark and metric, then by the parameters that stay fixed, and
 * ordered by the one that is swept.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/sensitivity.h"
#include "collect/views/shape.h"
#include "collect/views/sweep.h"

bool coll_in_list(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *s = list;

	while (s && *s) {
		size_t n = strcspn(s, ",");

		if (n == len && !strncmp(s, name, len))
			return true;
		s += n;
		s += *s == ',';
	}
	return false;
}

static bool picked(const struct crow *r, const struct csel *sel)
{
	if (sel && sel->all)
		return r->def;
	if (sel && sel->metrics)
		return r->def && coll_in_list(sel->metrics, r->def->name);
	return coll_is_headline(r);
}

static bool same_metric(const struct csect *s, const struct crow *r)
{
	if (!s->def || !r->def)
		return !s->def && !r->def;
	return !strcmp(s->def->name, r->def->name);
}

/* The block of s whose fixed params are key, added when new. */
static struct cblock *block_of(struct csect *s, char *key)
{
	struct cblock *b;
	size_t k;

	for (k = 0; k < s->nb; k++) {
		if (!strcmp(s->b[k].key, key)) {
			free(key);
			return &s->b[k];
		}
	}
	b = realloc(s->b, (s->nb + 1) * sizeof(*b));
	if (!b) {
		free(key);
		return NULL;
	}
	s->b = b;
	b = memset(&b[s->nb++], 0, sizeof(*b));
	b->key = key;
	return b;
}

/* "k=v k=v": every parameter of p but param, empty values left out. */
static char *key_of(const struct cpoint *p, char **names, size_t n,
		    const char *param)
{
	char *key = NULL, v[256];
	size_t k, len;
	FILE *f = open_memstream(&key, &len);

	if (!f)
		return NULL;
	for (k = 0; k < n; k++) {
		if (param && !strcmp(names[k], param))
			continue;
		if (*coll_param_value(p, names[k], v, sizeof(v)))
			fprintf(f, "%s%s=%s", ftell(f) ? " " : "", names[k], v);
	}
	if (fclose(f)) {
		free(key);
		return NULL;
	}
	return key;
}

static int add_row(const struct ccmp *c, struct csect *s, size_t j,
		   char **names, size_t n)
{
	const struct cpoint *p = c->rows[j].pt[0];
	struct cblock *b = block_of(s, key_of(p, names, n, s->param));
	struct cbrow *r;
	char v[256];

	if (!b)
		return -ENOMEM;
	r = realloc(b->r, (b->n + 1) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	b->r = r;
	r = &r[b->n++];
	r->row = j;
	r->x = 0;
	r->twin = NULL;
	r->val = strdup(s->param ? coll_param_value(p, s->param, v, sizeof(v)) : "");
	return r->val ? 0 : -ENOMEM;
}

static enum cxkind kind_of(const struct csect *s)
{
	size_t k, i;
	char *end;

	if (!s->param)
		return CX_NONE;
	if (!strcmp(s->param, "size"))
		return CX_SIZE;
	for (k = 0; k < s->nb; k++) {
		for (i = 0; i < s->b[k].n; i++) {
			strtod(s->b[k].r[i].val, &end);
			if (end == s->b[k].r[i].val || *end)
				return CX_WORD;
		}
	}
	return strcmp(s->param, "tasks") ? CX_NUM : CX_TASKS;
}

/* x of every row: a number, or a word's place among the section's. */
static void place(struct csect *s)
{
	size_t k, i, k2, i2, nth = 0;
	struct cbrow *r, t;

	s->kind = kind_of(s);
	for (k = 0; k < s->nb; k++) {
		for (i = 0; i < s->b[k].n; i++) {
			r = &s->b[k].r[i];
			if (s->kind == CX_SIZE)
				r->x = coll_size_kib(r->val);
			else if (s->kind == CX_TASKS || s->kind == CX_NUM)
				r->x = strtod(r->val, NULL);
			if (s->kind != CX_WORD)
				continue;
			r->x = -1;
			for (k2 = 0; k2 <= k && r->x < 0; k2++)
				for (i2 = 0; i2 < (k2 < k ? s->b[k2].n : i); i2++)
					if (!strcmp(s->b[k2].r[i2].val, r->val)) {
						r->x = s->b[k2].r[i2].x;
						break;
					}
			if (r->x < 0)
				r->x = nth++;
		}
		/* in order of x; a size that did not parse goes last */
		for (i = 1; i < s->b[k].n; i++) {
			t = s->b[k].r[i];
			for (i2 = i; i2 > 0 && (isnan(s->b[k].r[i2 - 1].x) ||
						s->b[k].r[i2 - 1].x > t.x); i2--)
				s->b[k].r[i2] = s->b[k].r[i2 - 1];
			s->b[k].r[i2] = t;
		}
	}
}

/* Split the blocks' keys into what they share (fixed) and labels. */
static int label(struct csect *s)
{
	char *copy, *w, *save = NULL, *l;
	size_t k, k2, off;

	for (k = 0; k < s->nb; k++) {
		copy = strdup(s->b[k].key);
		l = calloc(1, strlen(s->b[k].key) + 1);
		if (!k && !s->fixed)
			s->fixed = calloc(1, strlen(s->b[k].key) + 1);
		if (!copy || !l || !s->fixed) {
			free(copy);
			free(l);
			return -ENOMEM;
		}
		off = 0;
		for (w = strtok_r(copy, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			for (k2 = 0; k2 < s->nb; k2++)
				if (!coll_has_word(s->b[k2].key, w))
					break;
			if (k2 == s->nb && !k)
				sprintf(s->fixed + strlen(s->fixed), "%s%s",
					*s->fixed ? " " : "", w);
			else if (k2 < s->nb)
				off += sprintf(l + off, "%s%s", off ? " " : "",
					       w);
		}
		free(copy);
		s->b[k].label = l;
	}
	return 0;
}

/*
 * A section whose points all have one value of the swept parameter does
 * not sweep it: the value goes with the fixed ones.
 */
static int unsweep(struct csect *s)
{
	size_t b, j;
	char *key;

	for (b = 0; s->param && b < s->nb; b++)
		for (j = 0; j < s->b[b].n; j++)
			if (strcmp(s->b[b].r[j].val, s->b[0].r[0].val))
				return 0;
	if (!s->param || !*s->b[0].r[0].val)
		return 0;
	for (b = 0; b < s->nb; b++) {
		key = coll_asprintf("%s%s%s=%s", s->b[b].key,
				    *s->b[b].key ? " " : "", s->param,
				    s->b[b].r[0].val);
		if (!key)
			return -ENOMEM;
		free(s->b[b].key);
		s->b[b].key = key;
	}
	for (b = 0; b < s->nb; b++)
		for (j = 0; j < s->b[b].n; j++)
			s->b[b].r[j].val[0] = '\0';
	free(s->param);
	s->param = NULL;
	return 0;
}

/* A row that repeats a metric the shape shows too says so, no more. */
static void twins(const struct ccmp *c, struct cshape *sh)
{
	size_t k, k2, b, j;

	for (k = 0; k < sh->ns; k++) {
		for (b = 0; b < sh->s[k].nb; b++) {
			for (j = 0; j < sh->s[k].b[b].n; j++) {
				struct cbrow *r = &sh->s[k].b[b].r[j];
				const char *t = c->rows[r->row].same_as;

				for (k2 = 0; t && k2 < sh->ns; k2++)
					if (sh->s[k2].def &&
					    !strcmp(sh->s[k2].bench, sh->s[k].bench) &&
					    !strcmp(sh->s[k2].def->name, t))
						r->twin = t;
			}
		}
	}
}

int coll_shape(const struct ccmp *c, const struct csel *sel,
	       const char *param, struct cshape *sh)
{
	const char *bench = NULL, *prm = NULL;
	char **names = NULL;
	size_t j, k, n = 0;
	struct csect *s;
	int ret = 0, skip = 0;

	memset(sh, 0, sizeof(*sh));
	for (j = 0; j < c->nrows && !ret; j++) {
		const struct crow *r = &c->rows[j];

		if (!picked(r, sel))
			continue;
		if (!bench || strcmp(bench, r->pt[0]->bench)) {
			coll_free_lines(names, n);
			names = NULL;
			n = 0;
			bench = r->pt[0]->bench;
			ret = coll_swept(c, bench, param, &names, &n, &prm);
			skip = ret > 0;
			ret = ret > 0 ? 0 : ret;
		}
		if (skip || ret)
			continue;
		for (k = 0; k < sh->ns; k++)
			if (!strcmp(sh->s[k].bench, bench) &&
			    same_metric(&sh->s[k], r))
				break;
		if (k == sh->ns) {
			s = realloc(sh->s, (sh->ns + 1) * sizeof(*s));
			if (!s) {
				ret = -ENOMEM;
				break;
			}
			sh->s = s;
			s = memset(&s[sh->ns++], 0, sizeof(*s));
			s->bench = bench;
			s->def = r->def;
			if (prm && !(s->param = strdup(prm))) {
				ret = -ENOMEM;
				break;
			}
		}
		ret = add_row(c, &sh->s[k], j, names, n);
	}
	coll_free_lines(names, n);
	for (k = 0; k < sh->ns && !ret; k++) {
		ret = param ? 0 : unsweep(&sh->s[k]);
		place(&sh->s[k]);
		ret = ret ? ret : label(&sh->s[k]);
	}
	if (!ret)
		twins(c, sh);
	if (!ret && !sh->ns && sel && sel->metrics && !param)
		ret = -ENOENT;
	if (ret)
		coll_free_shape(sh);
	return ret;
}

void coll_free_shape(struct cshape *sh)
{
	size_t k, b, i;

	for (k = 0; k < sh->ns; k++) {
		struct csect *s = &sh->s[k];

		for (b = 0; b < s->nb; b++) {
			for (i = 0; i < s->b[b].n; i++)
				free(s->b[b].r[i].val);
			free(s->b[b].r);
			free(s->b[b].key);
			free(s->b[b].label);
		}
		free(s->b);
		free(s->param);
		free(s->fixed);
	}
	free(sh->s);
	memset(sh, 0, sizeof(*sh));
}
