/** placeholder */ package dev.loadkit.report;
